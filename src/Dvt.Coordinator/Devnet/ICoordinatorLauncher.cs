namespace Dvt.Coordinator.Devnet;

/// <summary>
/// How a <see cref="DevnetCluster"/> starts an operator's coordinator from its config file: as a child process
/// (<see cref="ChildProcessCoordinators"/>: `dvt devnet`, the bench, process tests) or in this process
/// (<see cref="InProcessCoordinators"/>: tests that reach into the host or inject faults).
/// </summary>
public interface ICoordinatorLauncher
{
    /// <summary>Starts <paramref name="node"/>'s coordinator (its <see cref="OperatorSetup.DealFaults"/> included, if the launcher can wire them).</summary>
    Task<IRunningCoordinator> StartAsync(CoordinatorNode node, CancellationToken ct);
}

/// <summary>One started coordinator, however it runs.</summary>
public interface IRunningCoordinator
{
    /// <summary>Null while it runs; once it stopped by itself, how it ended (e.g. its exit code).</summary>
    string? Ended { get; }

    /// <summary>The child process's id (null in-process).</summary>
    int? ProcessId { get; }

    /// <summary>The host (null for a child process).</summary>
    CoordinatorHost? Host { get; }

    /// <summary>A clean shutdown, or at once when <paramref name="crash"/> (an in-process host can only shut down).</summary>
    Task StopAsync(bool crash);
}
