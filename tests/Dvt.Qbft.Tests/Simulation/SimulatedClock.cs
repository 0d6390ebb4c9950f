using Dvt.Qbft.Engine;

namespace Dvt.Qbft.Tests.Simulation;

/// <summary>Virtual time of a simulation run: it moves only when the event loop takes the next event.</summary>
public sealed class SimulatedClock : IQbftClock
{
    public TimeSpan Now { get; set; }
}
