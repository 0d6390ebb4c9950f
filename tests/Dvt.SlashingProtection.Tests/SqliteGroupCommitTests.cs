using System.Diagnostics;
using Dvt.Consensus.Primitives;
using Dvt.SlashingProtection.Interchange;
using Dvt.SlashingProtection.Storage;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;
using static Dvt.SlashingProtection.SigningDecision;

namespace Dvt.SlashingProtection.Tests;

/// <summary>
/// The SQLite store commits concurrent writers in groups (one transaction, one savepoint each, one commit). Grouping
/// must change nothing a writer is promised: members see each other's records in arrival order, a failing member fails
/// alone, a failing commit fails everyone and leaves nothing, a member cancelled before its turn leaves nothing, and
/// no answer is given before the commit. To put chosen writers in one group, a connection outside the store holds the
/// file's write lock (as another process would) while a pilot writer's group waits for it, and the writers under test
/// queue behind it for the next group.
/// </summary>
public sealed class SqliteGroupCommitTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly ValidatorPublicKeyBytes PilotKey = TestKeys.Key(250);

    private readonly SqliteBackend _backend = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public async Task ManyConcurrentChecksAreGroupedAndNeverRecordASlashablePair()
    {
        const int checks = 500, validators = 100, seed = 3076;
        var database = await _backend.NewDatabaseAsync();
        var keys = Enumerable.Range(1, validators).Select(i => TestKeys.Key((byte)i)).ToArray();
        var random = new Random(seed);
        // Few epochs, slots and roots per key, so the mix holds repeats, double votes, surrounds and double proposals.
        var requests = Enumerable.Range(0, checks).Select(_ =>
        {
            var key = random.Next(validators);
            var source = (ulong)random.Next(0, 4);
            return new Request(random.Next(4) == 0, key, source, source + (ulong)random.Next(0, 4), random.Next(1, 3));
        }).ToArray();

        SigningDecision[] decisions;
        long commits;
        await using (var store = await SqliteSlashingProtectionStore.OpenAsync(database, TestKeys.Chain))
        {
            await store.RegisterValidatorsAsync(keys);
            var commitsBefore = store.WriterGroup!.Commits;
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var tasks = requests.Select(r => Task.Run(async () =>
            {
                await gate.Task;
                return await (r.IsBlock
                    ? store.CheckAndInsertBlockAsync(keys[r.Key], new Slot(r.A), TestKeys.Root(r.Root))
                    : store.CheckAndInsertAttestationAsync(keys[r.Key], new Epoch(r.A), new Epoch(r.B), TestKeys.Root(r.Root)));
            })).ToArray();
            gate.SetResult();
            decisions = await Task.WhenAll(tasks);
            commits = store.WriterGroup.Commits - commitsBefore;
        }

        Assert.Contains(decisions, d => d is Safe);
        Assert.Contains(decisions, d => d is DoubleVote or SurroundingVote or SurroundedVote);
        Assert.Contains(decisions, d => d is DoubleProposal);
        output.WriteLine($"{checks} concurrent checks: {commits} commits");
        Assert.True(commits < checks, $"{checks} concurrent checks took {commits} commits: they were not grouped");

        var history = await RecordedAsync(database);
        foreach (var (request, decision) in requests.Zip(decisions).Where(x => x.Second.IsSafe))
        {
            var recorded = history.GetValueOrDefault(keys[request.Key]);
            Assert.True(
                request.IsBlock
                    ? recorded?.SignedBlocks.Contains(new SignedBlockRecord(new Slot(request.A), TestKeys.Root(request.Root))) == true
                    : recorded?.SignedAttestations.Contains(new SignedAttestationRecord(new Epoch(request.A), new Epoch(request.B), TestKeys.Root(request.Root))) == true,
                $"{request} was answered {decision} but is not in the file");
        }

        foreach (var recorded in history.Values)
        {
            Assert.Equal(recorded.SignedBlocks.Count, recorded.SignedBlocks.DistinctBy(b => b.Slot).Count());
            Assert.Equal(recorded.SignedAttestations.Count, recorded.SignedAttestations.DistinctBy(a => a.Target).Count());
            foreach (var x in recorded.SignedAttestations)
            {
                Assert.DoesNotContain(recorded.SignedAttestations, y => x.Source < y.Source && x.Target > y.Target);
            }
        }

        // Two Safe answers for one message slot with different messages would be two signatures of a slashable pair.
        var allowed = requests.Zip(decisions).Where(x => x.Second.IsSafe).Select(x => x.First);
        Assert.All(allowed.GroupBy(r => (r.IsBlock, r.Key, Slot: r.IsBlock ? r.A : r.B)), slot =>
            Assert.True(slot.Select(r => (r.A, r.Root)).Distinct().Count() == 1, $"different messages allowed at {slot.Key}: {string.Join(", ", slot)}"));
    }

    [Fact]
    public async Task ConflictingChecksForOneKeyInOneGroupAreDecidedInArrivalOrder()
    {
        var database = await _backend.NewDatabaseAsync();
        await using var store = await SqliteSlashingProtectionStore.OpenAsync(database, TestKeys.Chain);
        var key = TestKeys.Key(1);
        await store.RegisterValidatorsAsync([key]);

        var held = await HoldNextGroupAsync(store, database);
        var first = store.CheckAndInsertAttestationAsync(key, new Epoch(1), new Epoch(2), TestKeys.Root(1));
        var doubleVote = store.CheckAndInsertAttestationAsync(key, new Epoch(1), new Epoch(2), TestKeys.Root(2));
        var surrounding = store.CheckAndInsertAttestationAsync(key, new Epoch(0), new Epoch(5), TestKeys.Root(3));
        await held.ReleaseWhenQueuedAsync(3);

        var recorded = new SignedAttestationRecord(new Epoch(1), new Epoch(2), TestKeys.Root(1));
        Assert.IsType<Safe>(await first);
        Assert.Equal(new DoubleVote(recorded), await doubleVote);
        Assert.Equal(new SurroundingVote(recorded), await surrounding);
        held.AssertOneGroup();
        Assert.Equal(new[] { recorded }, (await RecordedAsync(database))[key].SignedAttestations);
    }

    [Fact]
    public async Task AFailingMemberFailsAloneAndItsGroupCommits()
    {
        var database = await _backend.NewDatabaseAsync();
        await using var store = await SqliteSlashingProtectionStore.OpenAsync(database, TestKeys.Chain);
        var (before, after, importedKey) = (TestKeys.Key(1), TestKeys.Key(2), TestKeys.Key(3));
        await store.RegisterValidatorsAsync([before, after]);
        await _backend.InjectFailureOnBlockSlotAsync(database, 666);

        var held = await HoldNextGroupAsync(store, database);
        var first = store.CheckAndInsertAttestationAsync(before, new Epoch(1), new Epoch(2), TestKeys.Root(1));
        // Registers its key, records a block, then the database refuses its block at slot 666: only its savepoint rolls back.
        var failing = store.ImportAsync(new InterchangeDocument(TestKeys.Chain,
            [new InterchangeValidator(importedKey, [new SignedBlockRecord(new Slot(10), null), new SignedBlockRecord(new Slot(666), null)], [])]));
        var last = store.CheckAndInsertBlockAsync(after, new Slot(7), TestKeys.Root(2));
        await held.ReleaseWhenQueuedAsync(3);

        Assert.IsType<Safe>(await first);
        var error = await Assert.ThrowsAsync<SqliteException>(() => failing);
        Assert.Contains("injected failure", error.Message);
        Assert.IsType<Safe>(await last);
        held.AssertOneGroup();

        var history = await RecordedAsync(database);
        Assert.Equal(new[] { new SignedAttestationRecord(new Epoch(1), new Epoch(2), TestKeys.Root(1)) }, history[before].SignedAttestations);
        Assert.Equal(new[] { new SignedBlockRecord(new Slot(7), TestKeys.Root(2)) }, history[after].SignedBlocks);
        Assert.False(history.ContainsKey(importedKey), "the failed import's key and block survived the rollback to its savepoint");
    }

    [Fact]
    public async Task AFailingCommitFailsEveryMemberAndLeavesNothing()
    {
        var database = await _backend.NewDatabaseAsync();
        await using var store = await SqliteSlashingProtectionStore.OpenAsync(database, TestKeys.Chain);
        var keys = new[] { TestKeys.Key(1), TestKeys.Key(2), TestKeys.Key(3) };
        await store.RegisterValidatorsAsync(keys);
        await InjectCommitFailureOnAttestationTargetAsync(database, 77);

        var held = await HoldNextGroupAsync(store, database);
        var members = new[]
        {
            store.CheckAndInsertAttestationAsync(keys[0], new Epoch(1), new Epoch(2), TestKeys.Root(1)),
            store.CheckAndInsertAttestationAsync(keys[1], new Epoch(76), new Epoch(77), TestKeys.Root(2)),
            store.CheckAndInsertAttestationAsync(keys[2], new Epoch(1), new Epoch(2), TestKeys.Root(3)),
        };
        await held.ReleaseWhenQueuedAsync(members.Length);

        foreach (var member in members)
        {
            var error = await Assert.ThrowsAsync<SqliteException>(() => member);
            Assert.Contains("FOREIGN KEY", error.Message);
        }
        Assert.Equal(held.CommitsBefore + 1, store.WriterGroup!.Commits);
        Assert.Equal(held.GroupsBefore + 2, store.WriterGroup.Groups);
        var history = await RecordedAsync(database);
        Assert.All(keys, key => Assert.Empty(history[key].SignedAttestations));

        // The store goes on: the same request is new again, not a repeat of something half-recorded.
        Assert.IsType<Safe>(await store.CheckAndInsertAttestationAsync(keys[0], new Epoch(1), new Epoch(2), TestKeys.Root(1)));
    }

    [Fact]
    public async Task AMemberCancelledBeforeItsTurnGetsCancellationAndLeavesNothing()
    {
        var database = await _backend.NewDatabaseAsync();
        await using var store = await SqliteSlashingProtectionStore.OpenAsync(database, TestKeys.Chain);
        var (cancelled, kept) = (TestKeys.Key(1), TestKeys.Key(2));
        await store.RegisterValidatorsAsync([cancelled, kept]);

        using var cancellation = new CancellationTokenSource();
        var held = await HoldNextGroupAsync(store, database);
        var dropped = store.CheckAndInsertAttestationAsync(cancelled, new Epoch(1), new Epoch(2), TestKeys.Root(1), cancellation.Token);
        var other = store.CheckAndInsertAttestationAsync(kept, new Epoch(1), new Epoch(2), TestKeys.Root(2));
        await held.WhenQueuedAsync(2);
        await cancellation.CancelAsync();
        // Answered while its group still waits for the file's lock: it did not wait for a commit it is not part of.
        // (Bounded: were it not dropped, it would wait for the lock this test holds.)
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dropped.WaitAsync(Bound));
        await held.ReleaseAsync();

        Assert.IsType<Safe>(await other);
        var history = await RecordedAsync(database);
        Assert.Empty(history[cancelled].SignedAttestations);
        Assert.Single(history[kept].SignedAttestations);
    }

    [Fact]
    public async Task DisposingTheStoreWaitsForTheGroupsUnderWayAndTheirCommits()
    {
        var database = await _backend.NewDatabaseAsync();
        var store = await SqliteSlashingProtectionStore.OpenAsync(database, TestKeys.Chain);
        var keys = new[] { TestKeys.Key(1), TestKeys.Key(2) };
        await store.RegisterValidatorsAsync(keys);
        var held = await HoldNextGroupAsync(store, database);
        var members = keys.Select((key, i) => store.CheckAndInsertAttestationAsync(key, new Epoch(1), new Epoch(2), TestKeys.Root(i + 1))).ToArray();
        await held.WhenQueuedAsync(members.Length);

        var disposing = store.DisposeAsync().AsTask();
        // The pilot's group cannot commit while the file's lock is held outside: disposal must still be waiting.
        Assert.False(disposing.IsCompleted, "the store was disposed while a group it had started waited for its commit");
        await held.ReleaseAsync();
        await disposing.WaitAsync(Bound);
        // Every writer queued before the disposal has its answer, and it is on disk.
        Assert.All(members, member => Assert.True(member.IsCompletedSuccessfully));
        Assert.All(members, member => Assert.IsType<Safe>(member.Result));
        var history = await RecordedAsync(database);
        Assert.All(keys, key => Assert.Single(history[key].SignedAttestations));
    }

    private sealed record Request(bool IsBlock, int Key, ulong A, ulong B, int Root);

    /// <summary>
    /// Holds the file's write lock from outside the store and starts a pilot writer, whose group then waits for that
    /// lock; writers started after this returns queue together for the group after the pilot's.
    /// </summary>
    private static async Task<HeldGroup> HoldNextGroupAsync(SqliteSlashingProtectionStore store, string database)
    {
        var group = store.WriterGroup!;
        var (groupsBefore, commitsBefore) = (group.Groups, group.Commits);
        var foreign = await ForeignWriteLock.TakeAsync(database);
        var pilot = store.RegisterValidatorsAsync([PilotKey]);
        await UntilAsync(() => group.Groups == groupsBefore + 1 && group.Queued == 0, "the pilot's group waits for the file's lock");
        return new HeldGroup(store, foreign, pilot, groupsBefore, commitsBefore);
    }

    private sealed class HeldGroup(SqliteSlashingProtectionStore store, ForeignWriteLock foreign, Task pilot, long groupsBefore, long commitsBefore)
    {
        public long GroupsBefore => groupsBefore;

        public long CommitsBefore => commitsBefore;

        public Task WhenQueuedAsync(int count)
            => UntilAsync(() => store.WriterGroup!.Queued == count, $"{count} writers queue behind the pilot's group");

        public async Task ReleaseWhenQueuedAsync(int count)
        {
            await WhenQueuedAsync(count);
            await ReleaseAsync();
        }

        public async Task ReleaseAsync()
        {
            await foreign.DisposeAsync();
            await pilot;
        }

        /// <summary>The writers after the pilot went in one group, with one commit.</summary>
        public void AssertOneGroup()
        {
            Assert.Equal(groupsBefore + 2, store.WriterGroup!.Groups);
            Assert.Equal(commitsBefore + 2, store.WriterGroup.Commits);
        }
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > Bound)
                Assert.Fail($"gave up after {Bound.TotalSeconds} s waiting until {what}");
            await Task.Delay(5);
        }
    }

    /// <summary>The file's history as a fresh store on it reads it, by key.</summary>
    private static async Task<Dictionary<ValidatorPublicKeyBytes, InterchangeValidator>> RecordedAsync(string database)
    {
        await using var reopened = await SqliteSlashingProtectionStore.OpenAsync(database, TestKeys.Chain);
        return (await reopened.ExportAsync()).Data.ToDictionary(v => v.PublicKey);
    }

    /// <summary>
    /// Makes the database refuse the COMMIT of any transaction that recorded an attestation for <paramref name="target"/>:
    /// the attestation's insert adds a row breaking a deferred foreign key, which SQLite checks only at COMMIT.
    /// </summary>
    private static async Task InjectCommitFailureOnAttestationTargetAsync(string database, ulong target)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE TABLE injected_commit_failure (validator_id INTEGER REFERENCES validators (id) DEFERRABLE INITIALLY DEFERRED);
            CREATE TRIGGER injected_commit_failure AFTER INSERT ON signed_attestations WHEN NEW.target_epoch = {StoredNumber.ToColumn(target)}
            BEGIN INSERT INTO injected_commit_failure VALUES (-1); END;
            """;
        await command.ExecuteNonQueryAsync();
    }
}
