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
