using System.Data.Common;

namespace Dvt.ContractBindings.Follower;

/// <summary>
/// One atomic change of follower state. When the store is a database, <see cref="Transaction"/> is the open
/// transaction: handlers that write their effects through it commit them together with the cursor, which
/// makes delivery exactly-once in effect across crashes.
/// </summary>
public interface ICursorBatch : IAsyncDisposable
{
    /// <summary>The database transaction shared with handlers, or null for stores without one (handlers must then be idempotent).</summary>
    DbTransaction? Transaction { get; }

    /// <summary>Remembers a block's hash for reorg detection.</summary>
    Task RecordBlockAsync(FollowerCursor block, CancellationToken ct);

    /// <summary>Moves the cursor forward.</summary>
    Task AdvanceAsync(FollowerCursor cursor, CancellationToken ct);

    /// <summary>Sets the cursor back to <paramref name="ancestor"/> (null: before the start block) and forgets later blocks.</summary>
    Task RollBackAsync(FollowerCursor? ancestor, CancellationToken ct);

    Task CommitAsync(CancellationToken ct);
}
