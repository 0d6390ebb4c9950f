namespace Dvt.ContractBindings.Follower;

/// <summary>The last block whose logs were fully handled, by number and hash (the hash detects reorgs).</summary>
public readonly record struct FollowerCursor(BlockNumber Number, Hash32 Hash);
