using System.Diagnostics;
using Dvt.Qbft.Engine;

namespace Dvt.Duties.Consensus;

/// <summary>The engine's clock in a running coordinator: monotonic time since start (wall-clock jumps do not move round timers).</summary>
public sealed class MonotonicQbftClock : IQbftClock
{
    private readonly long _start = Stopwatch.GetTimestamp();

    public TimeSpan Now => Stopwatch.GetElapsedTime(_start);
}
