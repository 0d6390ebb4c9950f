using Dvt.Coordinator.Devnet;
using Dvt.TestSupport;

namespace Dvt.Coordinator.Tests.Daemon;

/// <summary>
/// The tests' settings of the one cluster harness (<see cref="DevnetCluster"/>): anvil on automine, coordinators
/// configured for mainnet with a beacon chain an hour old when anvil starts, polling every 100 ms, log lines kept in
/// memory for assertions, a temporary work folder deleted afterwards; in-process unless told otherwise.
/// </summary>
public static class TestCluster
{
    public static Task<DevnetCluster> StartAsync(ICoordinatorLauncher? launcher = null) =>
        DevnetCluster.StartAsync(new DevnetClusterSettings
        {
            WorkDir = System.IO.Directory.CreateTempSubdirectory("dvt-cluster-").FullName,
            DeleteWorkDirOnDispose = true,
            AnvilPath = RepoPaths.Tool("anvil"),
            BlockTime = null,
            NamedNetwork = "mainnet",
            GenesisBeforeFirstBlock = TimeSpan.FromHours(1),
            BeaconExitDelay = TimeSpan.FromMilliseconds(500),
            PollInterval = TimeSpan.FromMilliseconds(100),
            LogLevel = "debug",
            KeepLogInMemory = true,
        }, launcher ?? new InProcessCoordinators());
}
