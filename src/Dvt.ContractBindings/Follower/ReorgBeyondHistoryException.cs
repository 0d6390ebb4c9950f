namespace Dvt.ContractBindings.Follower;

/// <summary>A reorg reached below every remembered block hash: the follower cannot tell what to undo by itself.</summary>
public sealed class ReorgBeyondHistoryException(FollowerCursor cursor, int rememberedBlocks)
    : Exception($"the chain no longer contains block {cursor.Number} ({cursor.Hash}) nor any of the {rememberedBlocks} remembered blocks before it")
{
    public FollowerCursor Cursor { get; } = cursor;
}
