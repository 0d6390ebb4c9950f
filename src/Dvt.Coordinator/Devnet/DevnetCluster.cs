using System.Security.Cryptography;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Keystore;
using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Signing;
using Dvt.ContractBindings.Transactions;
using Dvt.Coordinator.Configuration;
using Dvt.Coordinator.Keys;

namespace Dvt.Coordinator.Devnet;

/// <summary>
/// The devnet's moving parts: anvil, the deposit contract and the registry (deployed from the generated bindings'
/// bytecode), and the operators: keys created with <see cref="OperatorKeyStore"/>, accounts funded, registered,
/// and each running `dvt coordinator run` as a child process. Transactions the devnet itself sends on an
/// operator's behalf (requests, exits) are signed with that operator's key, as `dvt` would.
/// </summary>
public sealed class DevnetCluster : IAsyncDisposable
{
    public const string PasswordVariable = "DVT_DEVNET_PASSWORD";

    /// <summary>The Lodestar dev chain's genesis validators root (request-examples): the devnet signs as that chain.</summary>
    public const string GenesisValidatorsRoot = "0xacac7566fdf384a1ada45c01dcf9030d7eb0e1e5f5302659101d0b2a5bb59092";

    private readonly Dictionary<int, OperatorKeyStore> senders = [];
    private readonly TimeSpan recoveryDeadline;

    /// <summary>Config fields added to every coordinator's file (e.g. a preset), beyond the devnet's defaults.</summary>
    public Dictionary<string, System.Text.Json.Nodes.JsonNode> ExtraConfig { get; } = [];

    /// <summary>The keys of an operator the devnet created (owned by the cluster; do not dispose).</summary>
    public OperatorKeyStore KeysOf(CoordinatorNode node) => senders[node.Number];

    private DevnetCluster(ChildProcesses children, string workDir, AnvilNode anvil, RpcClient rpc, ulong chainId, DvtRegistryContract registry, TimeSpan recoveryDeadline,
        string networkFile, Dvt.Consensus.Networks.EthereumNetwork network, DevnetSimulatedBeaconNode beacon, ulong deployedAt)
    {
        NetworkFile = networkFile;
        Network = network;
        Beacon = beacon;
        DeployedAt = deployedAt;
        Children = children;
        WorkDir = workDir;
        Anvil = anvil;
        Rpc = rpc;
        ChainId = chainId;
        Registry = registry;
        this.recoveryDeadline = recoveryDeadline;
    }

    public ChildProcesses Children { get; }

    /// <summary>The devnet's consensus-spec config.yaml, named as "network" in every coordinator's config.</summary>
    public string NetworkFile { get; }

    /// <summary>The network read back from <see cref="NetworkFile"/> (with its genesis time).</summary>
    public Dvt.Consensus.Networks.EthereumNetwork Network { get; }

    /// <summary>The simulated beacon node every coordinator submits exits to and watches them through.</summary>
    public DevnetSimulatedBeaconNode Beacon { get; }

    /// <summary>The block before the registry's deployment: where the coordinators' log followers start.</summary>
    public ulong DeployedAt { get; }

    public string WorkDir { get; }

    public AnvilNode Anvil { get; }

    public RpcClient Rpc { get; }

    public ulong ChainId { get; }

    /// <summary>A read-only binding (views); transactions go through <see cref="As"/>.</summary>
    public DvtRegistryContract Registry { get; }

    public List<CoordinatorNode> Nodes { get; } = [];

    public CoordinatorNode Node(ulong operatorId) => Nodes.Single(n => n.OperatorId == operatorId);

    public static async Task<DevnetCluster> StartAsync(ChildProcesses children, string workDir, string anvilPath, TimeSpan recoveryDeadline, CancellationToken ct)
    {
        Directory.CreateDirectory(workDir);
        // One random password for every operator of this run, handed to the children through the environment.
        Environment.SetEnvironmentVariable(PasswordVariable, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        var anvil = await AnvilNode.StartAsync(children, anvilPath, Path.Combine(workDir, "anvil.log"), ct).ConfigureAwait(false);
        var rpc = RpcClient.ForUrl(anvil.Url);
        var chainId = await rpc.ChainIdAsync(ct).ConfigureAwait(false);
        var deployedAt = (await rpc.BlockNumberAsync(ct).ConfigureAwait(false)).Value;
        var (networkFile, network) = DevnetNetwork.Write(workDir, chainId);
        // The devnet's beacon-chain clock starts with anvil's first block: the coordinators map the blocks in which
        // holders receive keys to slots with it (their low watermarks), and the duties signed follow it.
        var genesis = await rpc.GetBlockByNumberAsync(BlockTag.At(new BlockNumber(0)), ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException("anvil has no block 0");
        network = network with { GenesisTime = genesis.Timestamp };
        var beacon = await DevnetSimulatedBeaconNode.StartAsync(network, ct).ConfigureAwait(false);
        using var deployerKey = EthereumPrivateKey.Generate();
        await FundAsync(rpc, deployerKey.Address, 100, ct).ConfigureAwait(false);
        var deployer = await TransactionSender.CreateAsync(rpc, deployerKey, ct: ct).ConfigureAwait(false);
        var deposit = await DevnetDepositContract.DeployAsync(deployer, ct).ConfigureAwait(false);
        var registry = await DvtRegistryContract.DeployAsync(deployer, deposit.Address, ct).ConfigureAwait(false);
        return new DevnetCluster(children, workDir, anvil, rpc, chainId, new DvtRegistryContract(registry.Address, rpc), recoveryDeadline,
            networkFile, network, beacon, deployedAt);
    }

    /// <summary>The devnet's beacon-chain genesis time: the timestamp of anvil's block 0.</summary>
    public ulong GenesisTime => Network.GenesisTime!.Value;

    /// <summary>Creates the next operator's keys, funds and registers it, and writes its config (not started yet).</summary>
    public async Task<CoordinatorNode> AddOperatorAsync(CancellationToken ct)
    {
        var node = new CoordinatorNode(Children, Nodes.Count + 1, WorkDir);
        node.WritePassword(Environment.GetEnvironmentVariable(PasswordVariable)!);
        var keys = OperatorKeyStore.Create(node.DataDir, PasswordSource.FromFile(node.PasswordFile), KeystoreKdfChoice.Pbkdf2);
        await FundAsync(Rpc, keys.Address, 1000, ct).ConfigureAwait(false);
        var sender = await TransactionSender.CreateAsync(Rpc, keys.EthereumKey, ct: ct).ConfigureAwait(false);
        var registry = new DvtRegistryContract(Registry.Address, Rpc, sender);
        await registry.RegisterOperatorAsync(keys.ShareEncryptionPublicKey.Span.ToArray(), node.Endpoint.ToString().TrimEnd('/'), ct).ConfigureAwait(false);
        node.OperatorId = await Registry.OperatorIdOfAsync(keys.Address, ct: ct).ConfigureAwait(false);
        node.Address = keys.Address;
        var extra = new Dictionary<string, System.Text.Json.Nodes.JsonNode>
        {
            ["network"] = NetworkFile,
            ["genesisTime"] = Network.GenesisTime!.Value,
            ["beaconNodeUrl"] = Beacon.Url.ToString(),
            // The simulated beacon node accepts exits and reports validator states; it produces no attestation data
            // or blocks, so the holders could decide nothing: the devnet's duties are signed on slashing protection
            // alone. Duty consensus runs against a real beacon node in LodestarHolderFailoverTests.
            ["dutyConsensus"] = false,
            ["registryStartBlock"] = DeployedAt,
        };
        foreach (var (name, value) in ExtraConfig)
            extra[name] = value;
        node.WriteConfig(Rpc.Endpoint, Registry.Address, ChainId, recoveryDeadline, extra);
        senders[node.Number] = keys;
        Nodes.Add(node);
        return node;
    }

    /// <summary>
    /// Sends a transaction from <paramref name="node"/>'s account. Its coordinator sends from the same account, so each
    /// call reads the nonce afresh, and a nonce taken by the coordinator at the same moment is retried: refused at once
    /// ("nonce too low", "underpriced"), or accepted and then replaced by the coordinator's transaction of that nonce,
    /// which shows as a receipt that never comes (anvil mines at once, so a short wait tells).
    /// </summary>
    public async Task<T> SendAsAsync<T>(CoordinatorNode node, Func<DvtRegistryContract, Task<T>> send, CancellationToken ct)
    {
        var options = new TransactionSenderOptions { ReceiptTimeout = ReplacedTransactionWait };
        for (var attempt = 1; ; attempt++)
        {
            var sender = await TransactionSender.CreateAsync(Rpc, senders[node.Number].EthereumKey, options, ct: ct).ConfigureAwait(false);
            try
            {
                return await send(new DvtRegistryContract(Registry.Address, Rpc, sender)).ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < 5 && LostToTheCoordinator(e))
            {
                await Task.Delay(300 * attempt, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The coordinator took the nonce first: the node refused ours, or ours was replaced and never mined.</summary>
    private static bool LostToTheCoordinator(Exception e) => e switch
    {
        TimeoutException => true,
        RpcErrorException rpc => rpc.NodeMessage.Contains("nonce", StringComparison.OrdinalIgnoreCase)
                                 || rpc.NodeMessage.Contains("underpriced", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>How long a devnet transaction may stay unmined before it is taken as replaced (anvil mines each at once).</summary>
    private static readonly TimeSpan ReplacedTransactionWait = TimeSpan.FromSeconds(20);

    /// <summary>requestValidator with 32 ETH from the owner's account; returns the new validator's id.</summary>
    public async Task<ulong> RequestValidatorAsync(CoordinatorNode owner, byte mode, byte keyGeneration, CancellationToken ct)
    {
        var credentials = Cli.Validators.WithdrawalCredentials.ForAddress(owner.Address);
        var receipt = await SendAsAsync(owner, r => r.RequestValidatorAsync(mode, keyGeneration, credentials, UInt256.Ether(32), ct), ct).ConfigureAwait(false);
        return receipt.Logs
            .Where(l => l.Address.Equals(Registry.Address) && l.Topics.Count > 0 && l.Topics[0] == DvtRegistryContract.ValidatorRequestedEvent.Topic0)
            .Select(DvtRegistryContract.ValidatorRequestedEvent.Decode)
            .Single().ValidatorId;
    }

    /// <summary>requestOperatorExit, then processOperatorExit until nothing is left to hand over.</summary>
    public async Task ExitOperatorAsync(CoordinatorNode node, CancellationToken ct)
    {
        await SendAsAsync(node, r => r.RequestOperatorExitAsync(ct), ct).ConfigureAwait(false);
        while (!(await Registry.OperatorExitBacklogAsync(node.OperatorId, ct: ct).ConfigureAwait(false)).IsZero)
            await SendAsAsync(node, r => r.ProcessOperatorExitAsync(node.OperatorId, new UInt256(8), ct), ct).ConfigureAwait(false);
    }

    private static Task FundAsync(RpcClient rpc, Address address, decimal ether, CancellationToken ct) =>
        rpc.RequestAsync("anvil_setBalance", [address.ToString(), UInt256.Ether(ether).ToQuantity()], ct);

    public async ValueTask DisposeAsync()
    {
        Children.StopAll(TimeSpan.FromSeconds(10));
        await Beacon.DisposeAsync().ConfigureAwait(false);
        foreach (var keys in senders.Values)
            keys.Dispose();
        await Rpc.DisposeAsync().ConfigureAwait(false);
    }
}
