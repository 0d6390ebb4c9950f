using Dvt.Consensus.Primitives;
using static Dvt.SlashingProtection.SigningDecision;

namespace Dvt.SlashingProtection.Tests;

/// <summary>
/// Conflicting requests fired at the same instant must never both be judged safe: each
/// check-and-record is one exclusive transaction. Run with one shared store and with one store
/// per request (separate connection pools, as separate processes would have).
/// </summary>
public abstract class ConcurrencySuite
{
    private const int Contenders = 10;
    private const int Rounds = 5;

    protected abstract StoreBackend Backend { get; }

    [SkippableFact]
    public async Task TenProposalsForOneSlotOnOneStoreExactlyOneSafe()
    {
        var database = await Backend.NewDatabaseAsync();
        await using var store = await Backend.OpenAsync(database, TestKeys.Chain);
        var stores = Enumerable.Repeat(store, Contenders).ToArray();
        await AssertOneProposalWinsAsync(stores);
    }

    [SkippableFact]
    public async Task TenProposalsForOneSlotOnSeparateStoresExactlyOneSafe()
    {
        var database = await Backend.NewDatabaseAsync();
        var stores = new ISlashingProtectionStore[Contenders];
        for (var i = 0; i < Contenders; i++)
            stores[i] = await Backend.OpenAsync(database, TestKeys.Chain);
        try
        {
            await AssertOneProposalWinsAsync(stores);
        }
        finally
        {
            foreach (var s in stores)
                await s.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task TenMutuallySurroundingVotesOnSeparateStoresExactlyOneSafe()
    {
        var database = await Backend.NewDatabaseAsync();
        var stores = new ISlashingProtectionStore[Contenders];
        for (var i = 0; i < Contenders; i++)
            stores[i] = await Backend.OpenAsync(database, TestKeys.Chain);
        try
        {
            var key = TestKeys.Key(7);
            await stores[0].RegisterValidatorsAsync([key]);
            for (var round = 0; round < Rounds; round++)
            {
                // Votes (c-i, c+i) nest inside each other: any two are a surround, so one may pass.
                var centre = (ulong)(100 + round * 100);
                var decisions = await FireAtOnceAsync(i => stores[i].CheckAndInsertAttestationAsync(
                    key, new Epoch(centre - (ulong)i - 1), new Epoch(centre + (ulong)i + 1), TestKeys.Root(i + 1)));
                Assert.Single(decisions, d => d is Safe);
                Assert.All(decisions.Where(d => d is not Safe), d => Assert.True(d is SurroundingVote or SurroundedVote, $"expected a surround, got {d}"));
            }
        }
        finally
        {
            foreach (var s in stores)
                await s.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task DifferentKeysDoNotBlockEachOther()
    {
        await using var store = await Backend.OpenNewAsync(TestKeys.Chain);
        var keys = Enumerable.Range(1, Contenders).Select(i => TestKeys.Key((byte)i)).ToArray();
        await store.RegisterValidatorsAsync(keys);
        var decisions = await FireAtOnceAsync(i => store.CheckAndInsertBlockAsync(keys[i], new Slot(5), TestKeys.Root(i + 1)));
        Assert.All(decisions, d => Assert.IsType<Safe>(d));
    }

    private static async Task AssertOneProposalWinsAsync(ISlashingProtectionStore[] stores)
    {
        var key = TestKeys.Key(3);
        await stores[0].RegisterValidatorsAsync([key]);
        for (var round = 0; round < Rounds; round++)
        {
            var slot = new Slot((ulong)(1000 + round));
            var decisions = await FireAtOnceAsync(i => stores[i].CheckAndInsertBlockAsync(key, slot, TestKeys.Root(i + 1)));
            var winner = Array.FindIndex(decisions, d => d is Safe);
            Assert.Single(decisions, d => d is Safe);
            // Every loser names the winner's block as the evidence.
            Assert.All(decisions.Where((_, i) => i != winner),
                d => Assert.Equal(new DoubleProposal(new SignedBlockRecord(slot, TestKeys.Root(winner + 1))), d));
        }
    }

    private static async Task<SigningDecision[]> FireAtOnceAsync(Func<int, Task<SigningDecision>> request)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, Contenders).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await request(i);
        })).ToArray();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }
}

public sealed class SqliteConcurrencyTests : ConcurrencySuite, IAsyncLifetime
{
    private readonly SqliteBackend _backend = new();

    protected override StoreBackend Backend => _backend;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _backend.DisposeAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresConcurrencyTests(PostgresCluster cluster) : ConcurrencySuite
{
    protected override StoreBackend Backend
    {
        get
        {
            cluster.RequireRunning();
            return new PostgresBackend(cluster, "concurrency");
        }
    }
}
