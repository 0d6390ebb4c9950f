namespace Dvt.ContractBindings.Follower;

/// <summary>What one follower step did.</summary>
public abstract record FollowStep
{
    /// <summary>Handled the logs of blocks From..To.</summary>
    public sealed record Advanced(BlockNumber From, BlockNumber To, int Logs) : FollowStep;

    /// <summary>A reorg was found; blocks above Ancestor were rolled back (null: back to the start).</summary>
    public sealed record RolledBack(BlockNumber? Ancestor) : FollowStep;

    /// <summary>The chain moved while reading; nothing was committed and the step should be retried.</summary>
    public sealed record ChainMoved : FollowStep;

    /// <summary>Nothing new at the required depth.</summary>
    public sealed record CaughtUp(BlockNumber Head) : FollowStep;
}
