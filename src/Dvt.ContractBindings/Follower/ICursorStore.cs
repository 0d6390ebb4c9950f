namespace Dvt.ContractBindings.Follower;

/// <summary>
/// Durable follower state: the cursor and a window of recent block hashes used to find the common ancestor
/// after a reorg. All changes go through a <see cref="ICursorBatch"/> committed at once.
/// </summary>
public interface ICursorStore
{
    Task<FollowerCursor?> LoadCursorAsync(CancellationToken ct);

    /// <summary>Recorded recent blocks, highest first.</summary>
    Task<IReadOnlyList<FollowerCursor>> RecentBlocksAsync(CancellationToken ct);

    Task<ICursorBatch> BeginAsync(CancellationToken ct);
}
