namespace Dvt.Coordinator.Devnet;

/// <summary>
/// What a <see cref="DevnetCluster"/> sets up besides its coordinators: the chain, the network the coordinators sign
/// as, the simulated beacon node, and the config fields every coordinator gets. <see cref="ForDevnet"/> is `dvt devnet`;
/// the tests and the bench start from it and change what they need.
/// </summary>
public sealed record DevnetClusterSettings
{
    /// <summary>Where the operators' data directories, configs, password files and logs go.</summary>
    public required string WorkDir { get; init; }

    /// <summary>Whether disposing the cluster deletes <see cref="WorkDir"/> (tests, bench); the devnet keeps it to be read.</summary>
    public bool DeleteWorkDirOnDispose { get; init; }

    /// <summary>The anvil binary.</summary>
    public required string AnvilPath { get; init; }

    /// <summary>anvil's block time; null mines each transaction at once (automine).</summary>
    public TimeSpan? BlockTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The network every coordinator is configured with: a named one (e.g. "mainnet"), or null for the devnet's own
    /// consensus-spec config.yaml written under <see cref="WorkDir"/> (<see cref="DevnetNetwork"/>).
    /// </summary>
    public string? NamedNetwork { get; init; }

    /// <summary>How long before anvil's block 0 the beacon chain's genesis lies (so the chain is some epochs old when tests sign).</summary>
    public TimeSpan GenesisBeforeFirstBlock { get; init; } = TimeSpan.Zero;

    /// <summary>Whether a <see cref="DevnetSimulatedBeaconNode"/> runs and every coordinator names it as its beacon node.</summary>
    public bool SimulatedBeaconNode { get; init; } = true;

    /// <summary>The simulated beacon node's delay from an accepted exit to exited_unslashed (null: its default).</summary>
    public TimeSpan? BeaconExitDelay { get; init; }

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The config's logLevel (a child process logs at it; an in-process coordinator logs everything from debug up).</summary>
    public string LogLevel { get; init; } = "information";

    /// <summary>The recovery deadline written into every config; null leaves recovery out of the config (its default).</summary>
    public TimeSpan? RecoveryDeadline { get; init; }

    /// <summary>Whether each operator's log lines are also kept in memory (tests look for lines; a long devnet run would grow).</summary>
    public bool KeepLogInMemory { get; init; }

    /// <summary>Ether each operator's account is given.</summary>
    public decimal OperatorEther { get; init; } = 1000;

    /// <summary>The settings of `dvt devnet` and `dvt devnet up`: 1 s blocks, the devnet's own network file, recovery on.</summary>
    public static DevnetClusterSettings ForDevnet(string workDir, string anvilPath, TimeSpan recoveryDeadline) =>
        new() { WorkDir = workDir, AnvilPath = anvilPath, RecoveryDeadline = recoveryDeadline };
}
