using System.Collections.Concurrent;
using System.Data.Common;

namespace Dvt.SlashingProtection.Storage;

/// <summary>
/// Group commit for an engine that admits one writer at a time (SQLite), the way a database commits a group: a writer
/// that finds no transaction running starts one at once, alone; writers that arrive while it runs wait for the next,
/// which takes all of them (up to <see cref="MaxGroup"/>) and commits them once. So a slot in which a thousand keys are
/// checked at once pays a handful of commit fsyncs instead of a thousand. What each writer is promised is unchanged:
/// <list type="bullet">
/// <item>Members run one after another, in arrival order, on the group's one connection: each sees everything the
/// members before it recorded, exactly as if every writer had its own transaction in that order.</item>
/// <item>Each member runs in its own savepoint: one that throws is rolled back to it and fails alone; the others
/// still commit.</item>
/// <item>No member's result is released before the commit returned: a record is on disk before any signature it
/// allows leaves the process. When BEGIN or COMMIT fails, every member of the group fails; a transient failure
/// (another process holds the file) runs the whole group again from scratch, so a member's work must be a pure
/// function of the history it reads.</item>
/// <item>A member cancelled before its work ran is dropped with <see cref="OperationCanceledException"/>; once it ran,
/// the group commits regardless (a record without its signature is safe, never the reverse). No member's token
/// cancels the group's transaction.</item>
/// <item>One group runs at a time, so this process has one writing transaction at a time and its writers queue here
/// rather than in the engine's lock (another process on the file still meets SQLite's busy handler).</item>
/// </list>
/// </summary>
internal sealed class WriterGroupCommit
{
    /// <summary>Bounds how long one transaction holds the file's write lock; the rest go in the next.</summary>
    public const int MaxGroup = 256;

    private const string Savepoint = "grouped_writer";

    private readonly ConcurrentQueue<Member> _queue = new();
    private readonly Func<Func<SqlValidatorHistory, DbTransaction, Task>, Task> _runTransaction;
    private readonly Func<Exception, bool> _isTransient;
    private int _running;
    private Task _current = Task.CompletedTask;
    private long _groups;
    private long _commits;

    /// <param name="runTransaction">Runs a body in one exclusive transaction and commits it, running it again from
    /// scratch after transient failures; throws when it finally could not commit.</param>
    /// <param name="isTransient">Errors after which the group's transaction must be abandoned and run again.</param>
    public WriterGroupCommit(Func<Func<SqlValidatorHistory, DbTransaction, Task>, Task> runTransaction, Func<Exception, bool> isTransient)
    {
        _runTransaction = runTransaction;
        _isTransient = isTransient;
    }

    /// <summary>Writers waiting for a group (cancelled ones included until a group skips them).</summary>
    public int Queued => _queue.Count;

    /// <summary>Groups taken from the queue so far, whether they committed or not.</summary>
    public long Groups => Interlocked.Read(ref _groups);

    /// <summary>Group transactions committed so far: against the number of writers, what grouping saved.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    public Task<T> RunAsync<T>(Func<SqlValidatorHistory, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
            return Task.FromCanceled<T>(ct);
        var member = new Member<T>(work, ct);
        _queue.Enqueue(member);
        TryStartGroup();
        return member.Result;
    }

    private void TryStartGroup()
    {
        if (_queue.IsEmpty || Interlocked.CompareExchange(ref _running, 1, 0) != 0)
            return;
        Volatile.Write(ref _current, Task.Run(RunGroupAsync));
    }

    /// <summary>
    /// Completes when no group runs and none waits: every writer queued before the call has its answer (the store's
    /// disposal waits for it, so a group's commit is never cut off by closing the store under it).
    /// </summary>
    public async Task DrainAsync()
    {
        while (true)
        {
            await Volatile.Read(ref _current).ConfigureAwait(false);
            if (Volatile.Read(ref _running) == 0 && _queue.IsEmpty)
                return;
            await Task.Yield(); // a group is being started (its task not yet published): look again
        }
    }

    private async Task RunGroupAsync()
    {
        try
        {
            var group = new List<Member>(MaxGroup);
            while (group.Count < MaxGroup && _queue.TryDequeue(out var member))
            {
                if (!member.IsSettled)
                    group.Add(member);
            }
            if (group.Count > 0)
                await CommitAsync(group);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
            TryStartGroup(); // what arrived meanwhile
        }
    }

    private async Task CommitAsync(List<Member> group)
    {
        Interlocked.Increment(ref _groups);
        try
        {
            await _runTransaction((history, transaction) => RunMembersAsync(group, history, transaction));
        }
        catch (Exception e)
        {
            // Nothing of the group is on disk: no member may sign.
            foreach (var member in group)
                member.Fail(e);
            return;
        }
        Interlocked.Increment(ref _commits);
        foreach (var member in group)
            member.Release();
    }

    private async Task RunMembersAsync(List<Member> group, SqlValidatorHistory history, DbTransaction transaction)
    {
        foreach (var member in group)
        {
            // Settled: failed alone in an earlier attempt of this group. Not started: cancelled before its turn.
            if (member.IsSettled || !member.TryStart())
                continue;
            await transaction.SaveAsync(Savepoint);
            try
            {
                await member.RunAsync(history);
            }
            catch (Exception e) when (!_isTransient(e))
            {
                await transaction.RollbackAsync(Savepoint);
                await transaction.ReleaseAsync(Savepoint);
                member.Fail(e);
                continue;
            }
            await transaction.ReleaseAsync(Savepoint);
        }
    }

    private abstract class Member
    {
        private const int Waiting = 0, Started = 1, Dropped = 2;
        private int _state;

        /// <summary>True once the caller has its answer (a failure, or cancellation before its turn).</summary>
        public abstract bool IsSettled { get; }

        /// <summary>Marks the member as started (a cancellation no longer drops it); false when it was cancelled first.</summary>
        public bool TryStart()
            => Interlocked.CompareExchange(ref _state, Started, Waiting) != Dropped;

        protected bool TryDrop() => Interlocked.CompareExchange(ref _state, Dropped, Waiting) == Waiting;

        public abstract Task RunAsync(SqlValidatorHistory history);

        /// <summary>Hands the result of its last run to the caller; called only after the commit returned.</summary>
        public abstract void Release();

        public abstract void Fail(Exception exception);
    }

    private sealed class Member<T> : Member
    {
        private readonly Func<SqlValidatorHistory, CancellationToken, Task<T>> _work;
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationToken _cancellation;
        private readonly CancellationTokenRegistration _registration;
        private T? _result;
        private bool _hasResult;

        public Member(Func<SqlValidatorHistory, CancellationToken, Task<T>> work, CancellationToken ct)
        {
            _work = work;
            _cancellation = ct;
            _registration = ct.Register(static state => ((Member<T>)state!).Cancel(), this);
        }

        public Task<T> Result => _done.Task;

        public override bool IsSettled => _done.Task.IsCompleted;

        public override async Task RunAsync(SqlValidatorHistory history)
        {
            _hasResult = false;
            // The group's transaction is not the caller's to cancel: once started, a member runs to the commit.
            _result = await _work(history, CancellationToken.None);
            _hasResult = true;
        }

        public override void Release()
        {
            if (_hasResult && _done.TrySetResult(_result!))
                _registration.Dispose();
        }

        public override void Fail(Exception exception)
        {
            if (_done.TrySetException(exception))
                _registration.Dispose();
        }

        private void Cancel()
        {
            if (TryDrop())
                _done.TrySetCanceled(_cancellation);
        }
    }
}
