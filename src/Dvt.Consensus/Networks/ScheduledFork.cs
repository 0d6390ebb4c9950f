using Dvt.Consensus.Primitives;

namespace Dvt.Consensus.Networks;

/// <summary>One fork of a network's schedule: its version and the epoch it activates (null: not scheduled, FAR_FUTURE_EPOCH).</summary>
public sealed record ScheduledFork(ConsensusFork Fork, ForkVersion Version, Epoch? Epoch)
{
    public bool IsActiveAt(Epoch epoch) => Epoch is { } activation && epoch >= activation;
}
