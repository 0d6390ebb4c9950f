namespace Dvt.Qbft.Engine;

/// <summary>
/// Monotonic time as the engine sees it. The engine never waits: it records round deadlines against this
/// clock and its driver calls <see cref="QbftEngine.Tick"/> once <see cref="QbftEngine.NextDeadline"/> has passed
/// (a real timer in production, a simulated one in tests).
/// </summary>
public interface IQbftClock
{
    TimeSpan Now { get; }
}
