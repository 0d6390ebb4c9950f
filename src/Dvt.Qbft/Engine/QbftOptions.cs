namespace Dvt.Qbft.Engine;

/// <summary>
/// Timing and memory bounds. Round r times out after <see cref="RoundTimeoutBase"/> + (r - 1) x
/// <see cref="RoundTimeoutIncrement"/>: growing without a cap, so holders that drifted to different rounds
/// converge (the ones behind time out sooner).
/// </summary>
public sealed record QbftOptions
{
    public TimeSpan RoundTimeoutBase { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RoundTimeoutIncrement { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Rounds ahead of the current one whose messages are kept; beyond it, only each holder's latest ROUND-CHANGE.</summary>
    public uint FutureRounds { get; init; } = 8;

    /// <summary>Rounds behind the current one whose messages are kept (COMMITs of an earlier round can still decide).</summary>
    public uint PastRounds { get; init; } = 4;

    /// <summary>Messages held per instance that this holder has not started yet (per sender: this / n).</summary>
    public int MaxBufferedBeforeStart { get; init; } = 256;

    /// <summary>Slots ahead of the highest started slot (or the prune floor) for which messages are accepted.</summary>
    public ulong SlotsAhead { get; init; } = 64;

    public int MaxInstances { get; init; } = 4096;

    public TimeSpan RoundTimeout(uint round)
    {
        var ticks = RoundTimeoutBase.Ticks + (double)(round - 1) * RoundTimeoutIncrement.Ticks;
        return TimeSpan.FromTicks((long)Math.Min(ticks, TimeSpan.FromHours(1).Ticks));
    }
}
