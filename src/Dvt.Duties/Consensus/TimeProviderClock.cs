using Dvt.Qbft.Engine;

namespace Dvt.Duties.Consensus;

/// <summary>The engine's monotonic clock from a <see cref="TimeProvider"/> (the system's in production).</summary>
public sealed class TimeProviderClock(TimeProvider time) : IQbftClock
{
    private readonly long _start = time.GetTimestamp();

    public TimeSpan Now => time.GetElapsedTime(_start);
}
