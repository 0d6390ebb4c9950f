using System.Diagnostics;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Signing;
using Dvt.ContractBindings.Transactions;
using Dvt.Coordinator.Devnet;

namespace Dvt.Coordinator.Bench;

/// <summary>
/// The bench's settings of the one cluster harness (<see cref="DevnetCluster"/>): n registered operators whose
/// coordinators are `dvt coordinator run` child processes, on anvil (automine or a block time), polling every 100 ms,
/// logging warnings only, signing as mainnet, with no beacon node; and what the measurements read from it.
/// </summary>
internal static class BenchCluster
{
    public static readonly ContractBindings.UInt256 DepositAmount = DevnetCluster.DepositAmount;

    /// <summary>
    /// `--keep-logs`: the coordinators log at information level (every transaction mined, with timestamps) and the run's
    /// folder is kept, to see where a run's time went. Off by default: logging every step costs the daemons CPU.
    /// </summary>
    public static bool KeepLogs { get; set; }

    public static async Task<DevnetCluster> StartAsync(int operators, int? blockTimeSeconds)
    {
        var cluster = await DevnetCluster.StartAsync(new DevnetClusterSettings
        {
            WorkDir = Directory.CreateTempSubdirectory("dvt-bench-").FullName,
            DeleteWorkDirOnDispose = !KeepLogs,
            AnvilPath = ToolLocator.Anvil(null),
            BlockTime = blockTimeSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
            // anvil has no beacon chain of its own: the coordinators sign as on mainnet (nothing here is signed for a beacon node).
            NamedNetwork = "mainnet",
            SimulatedBeaconNode = false,
            PollInterval = TimeSpan.FromMilliseconds(100),
            LogLevel = KeepLogs ? "information" : "warning",
            OperatorEther = 1_000_000,
        }, new ChildProcessCoordinators());
        await cluster.AddOperatorsAsync(operators);
        if (KeepLogs)
            Console.WriteLine($"  (coordinator logs kept in {cluster.Settings.WorkDir})");
        return cluster;
    }

    /// <summary>Starts every coordinator process and waits until each answers /upcheck (it starts once its registration was seen).</summary>
    public static async Task StartCoordinatorsAsync(this DevnetCluster cluster)
    {
        foreach (var node in cluster.Nodes)
            await node.StartAsync();
        foreach (var node in cluster.Nodes)
            await node.WaitUntilUpAsync(TimeSpan.FromMinutes(10), CancellationToken.None);
    }

    /// <summary>Stops the coordinator processes at once (so the floor measured afterwards has the chain and the accounts to itself).</summary>
    public static async Task StopCoordinatorsAsync(this DevnetCluster cluster)
    {
        foreach (var node in cluster.Nodes)
            await node.StopAsync(crash: true);
    }

    /// <summary>The first operator's registry binding, sending from its account (the owner of every validator the bench requests).</summary>
    public static async Task<DvtRegistryContract> OwnerAsync(this DevnetCluster cluster) =>
        new(cluster.Registry.Address, cluster.Rpc, await TransactionSender.CreateAsync(cluster.Rpc, cluster.Nodes[0].Keys.EthereumKey));

    /// <summary>The operators' accounts (owned by the cluster).</summary>
    public static IReadOnlyList<EthereumPrivateKey> Accounts(this DevnetCluster cluster) => cluster.Nodes.Select(n => n.Keys.EthereumKey).ToArray();

    /// <summary>Each coordinator's process id, in operator order.</summary>
    public static IReadOnlyList<int> ProcessIds(this DevnetCluster cluster) =>
        cluster.Nodes.Select(n => n.ProcessId ?? throw new UnreachableException($"operator {n.Number}'s coordinator is not running")).ToArray();

    /// <summary>Each coordinator's validator-client listener (Web3Signer API), host:port, in operator order.</summary>
    public static string[] ValidatorClientListens(this DevnetCluster cluster) =>
        cluster.Nodes.Select(n => n.ValidatorClientEndpoint.Authority).ToArray();
}
