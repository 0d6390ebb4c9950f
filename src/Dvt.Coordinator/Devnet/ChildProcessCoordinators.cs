using System.Diagnostics;

namespace Dvt.Coordinator.Devnet;

/// <summary>
/// Each coordinator as a real `dvt coordinator run --config FILE` child process of this very `dvt` (<see
/// cref="ToolLocator.Self"/>), its output in the operator's log. Stopping sends SIGTERM (a clean shutdown); a crash
/// kills the process tree. Since a config file cannot turn fault injection on, an operator set up with deal faults is
/// refused here. Every process it started is stopped however the program ends (<see cref="ChildProcesses"/>).
/// </summary>
public sealed class ChildProcessCoordinators : ICoordinatorLauncher, IDisposable
{
    private readonly ChildProcesses children = new();

    public Task<IRunningCoordinator> StartAsync(CoordinatorNode node, CancellationToken ct)
    {
        if (node.Setup.DealFaults is not null)
            throw new InvalidOperationException($"operator {node.Number}: fault injection is wired in code, so a coordinator that deals dishonestly runs in-process only");
        var (fileName, prefix) = ToolLocator.Self();
        var info = new ProcessStartInfo(fileName);
        info.Environment["NO_COLOR"] = "1";
        foreach (var argument in prefix.Concat(["coordinator", "run", "--config", node.ConfigFile]))
            info.ArgumentList.Add(argument);
        node.Output.Append($"---- started {DateTimeOffset.UtcNow:O}");
        return Task.FromResult<IRunningCoordinator>(new Running(children.Start(info, node.Output.Append)));
    }

    public void Dispose() => children.Dispose();

    private sealed class Running(Process process) : IRunningCoordinator
    {
        public string? Ended => process.HasExited ? $"exited with {process.ExitCode}" : null;

        public int? ProcessId => process.Id;

        public CoordinatorHost? Host => null;

        public Task StopAsync(bool crash)
        {
            if (crash)
                ChildProcesses.Crash(process);
            else
                ChildProcesses.Stop(process, TimeSpan.FromSeconds(10));
            process.Dispose();
            return Task.CompletedTask;
        }
    }
}
