using Dvt.ContractBindings.Follower;

namespace Dvt.ContractBindings.Tests;

/// <summary>An in-memory handler keyed by (block hash, log index): re-delivery overwrites, rollback removes.</summary>
internal sealed class RecordingHandler : ILogHandler
{
    private readonly SortedDictionary<(ulong Block, ulong Index), FollowedLog> logs = new();

    public int Deliveries { get; private set; }

    public int Rollbacks { get; private set; }

    public IReadOnlyList<FollowedLog> Logs
    {
        get
        {
            lock (logs)
                return logs.Values.ToArray();
        }
    }

    public Task HandleAsync(IReadOnlyList<FollowedLog> batch, ICursorBatch cursor, CancellationToken ct)
    {
        lock (logs)
        {
            foreach (var log in batch)
            {
                logs[(log.BlockNumber.Value, log.LogIndex)] = log;
                Deliveries++;
            }
        }
        return Task.CompletedTask;
    }

    public Task RollBackAsync(BlockNumber? ancestor, ICursorBatch batch, CancellationToken ct)
    {
        lock (logs)
        {
            foreach (var key in logs.Keys.Where(k => ancestor is null || k.Block > ancestor.Value.Value).ToArray())
                logs.Remove(key);
            Rollbacks++;
        }
        return Task.CompletedTask;
    }
}
