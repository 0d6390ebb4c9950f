namespace Dvt.ContractBindings.Follower;

/// <summary>
/// Receives followed logs in chain order. Must be idempotent: after a crash the logs since the last committed
/// cursor are delivered again (key effects by (BlockHash, LogIndex), or write them through the batch's transaction).
/// </summary>
public interface ILogHandler
{
    Task HandleAsync(IReadOnlyList<FollowedLog> logs, ICursorBatch batch, CancellationToken ct);

    /// <summary>A reorg removed every block above <paramref name="ancestor"/> (null: everything): undo their effects.</summary>
    Task RollBackAsync(BlockNumber? ancestor, ICursorBatch batch, CancellationToken ct);
}
