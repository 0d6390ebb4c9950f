using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Keystore;
using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Signing;
using Dvt.ContractBindings.Transactions;
using Dvt.Consensus.Networks;
using Dvt.Coordinator.Configuration;
using Dvt.Coordinator.Keys;

namespace Dvt.Coordinator.Devnet;

/// <summary>
/// The one cluster harness of `dvt devnet`, the tests and the bench: anvil, the deposit contract and the registry
/// (deployed from the generated bindings' bytecode), the simulated beacon node, and the operators: keys created with
/// <see cref="OperatorKeyStore"/>, accounts funded, registered, a config file each, and their coordinators started by
/// the <see cref="ICoordinatorLauncher"/> it is given (child processes or in-process). What differs between its users
/// is data (<see cref="DevnetClusterSettings"/>, <see cref="OperatorSetup"/>), not code.
/// </summary>
public sealed class DevnetCluster : IAsyncDisposable
{
    /// <summary>The Lodestar dev chain's genesis validators root (request-examples): the devnet signs as that chain.</summary>
    public const string GenesisValidatorsRoot = "0xacac7566fdf384a1ada45c01dcf9030d7eb0e1e5f5302659101d0b2a5bb59092";

    public static readonly UInt256 DepositAmount = UInt256.Ether(32);

    private readonly ChildProcesses children;
    private readonly ICoordinatorLauncher launcher;
    private readonly List<CoordinatorNode> nodes = [];

    private DevnetCluster(DevnetClusterSettings settings, ICoordinatorLauncher launcher, ChildProcesses children, AnvilNode anvil, RpcClient rpc, ulong chainId,
        DvtRegistryContract registry, Address depositAddress, BlockNumber deployedAt, string? networkFile, EthereumNetwork network, DevnetSimulatedBeaconNode? beacon)
    {
        Settings = settings;
        this.launcher = launcher;
        this.children = children;
        Anvil = anvil;
        Rpc = rpc;
        ChainId = chainId;
        Registry = registry;
        DepositAddress = depositAddress;
        DeployedAt = deployedAt;
        NetworkFile = networkFile;
        Network = network;
        this.beacon = beacon;
    }

    private readonly DevnetSimulatedBeaconNode? beacon;

    public DevnetClusterSettings Settings { get; }

    public string WorkDir => Settings.WorkDir;

    /// <summary>One random password for every operator of this cluster, written to each one's password file.</summary>
    public string Password { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Config fields added to every coordinator's file written from now on, beyond the cluster's (e.g. a preset).</summary>
    public Dictionary<string, JsonNode> ExtraConfig { get; } = [];

    /// <summary>The devnet's consensus-spec config.yaml, named as "network" in every coordinator's config (null with a named network).</summary>
    public string? NetworkFile { get; }

    /// <summary>The network the coordinators sign as, with the genesis time they are given.</summary>
    public EthereumNetwork Network { get; }

    /// <summary>The beacon-chain genesis time every coordinator is given.</summary>
    public ulong GenesisTime => Network.GenesisTime!.Value;

    /// <summary>The simulated beacon node every coordinator submits exits to and watches them through.</summary>
    public DevnetSimulatedBeaconNode Beacon => beacon ?? throw new InvalidOperationException("this cluster runs no simulated beacon node");

    /// <summary>The block before the registry's deployment: where the coordinators' log followers start.</summary>
    public BlockNumber DeployedAt { get; }

    public AnvilNode Anvil { get; }

    public RpcClient Rpc { get; }

    public ulong ChainId { get; }

    /// <summary>A read-only binding (views); an operator's transactions go through <see cref="CoordinatorNode.TransactAsync{T}"/>.</summary>
    public DvtRegistryContract Registry { get; }

    public Address DepositAddress { get; }

    public IReadOnlyList<CoordinatorNode> Nodes => nodes;

    public CoordinatorNode Node(ulong operatorId) => nodes.Single(n => n.OperatorId == operatorId);

    /// <summary>Starts anvil, deploys the contracts and starts the simulated beacon node; the cluster owns <paramref name="launcher"/> from here.</summary>
    public static async Task<DevnetCluster> StartAsync(DevnetClusterSettings settings, ICoordinatorLauncher launcher, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Directory.CreateDirectory(settings.WorkDir);
        var children = new ChildProcesses();
        RpcClient? rpc = null;
        try
        {
            var anvil = await AnvilNode.StartAsync(children, settings.AnvilPath, Path.Combine(settings.WorkDir, "anvil.log"), settings.BlockTime, ct).ConfigureAwait(false);
            rpc = RpcClient.ForUrl(anvil.Url);
            var chainId = await rpc.ChainIdAsync(ct).ConfigureAwait(false);
            var deployedAt = await rpc.BlockNumberAsync(ct).ConfigureAwait(false);
            var (networkFile, network) = settings.NamedNetwork is { } name
                ? (null, NamedNetworks.Find(name) ?? throw new ArgumentException($"no named network {name}", nameof(settings)))
                : DevnetNetwork.Write(settings.WorkDir, chainId);
            // The beacon-chain clock starts with anvil's first block (or the given time before it): the coordinators
            // map the blocks in which holders receive keys to slots with it (their low watermarks), and the
            // simulated beacon node keeps the same clock, so both agree on the fork and on the exit domain.
            var genesis = await rpc.GetBlockByNumberAsync(BlockTag.At(new BlockNumber(0)), ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException("anvil has no block 0");
            network = network with { GenesisTime = genesis.Timestamp - (ulong)settings.GenesisBeforeFirstBlock.TotalSeconds };
            using var deployerKey = EthereumPrivateKey.Generate();
            await FundAsync(rpc, deployerKey.Address, 100, ct).ConfigureAwait(false);
            var deployer = await TransactionSender.CreateAsync(rpc, deployerKey, ct: ct).ConfigureAwait(false);
            var deposit = await DevnetDepositContract.DeployAsync(deployer, ct).ConfigureAwait(false);
            var registry = await DvtRegistryContract.DeployAsync(deployer, deposit.Address, ct).ConfigureAwait(false);
            DevnetSimulatedBeaconNode? beacon = null;
            if (settings.SimulatedBeaconNode)
            {
                beacon = await DevnetSimulatedBeaconNode.StartAsync(network, ct).ConfigureAwait(false);
                if (settings.BeaconExitDelay is { } delay)
                    beacon.ExitDelay = delay;
            }
            return new DevnetCluster(settings, launcher, children, anvil, rpc, chainId, new DvtRegistryContract(registry.Address, rpc), deposit.Address, deployedAt,
                networkFile, network, beacon);
        }
        catch
        {
            if (rpc is not null)
                await rpc.DisposeAsync().ConfigureAwait(false);
            children.Dispose();
            if (launcher is IDisposable disposable)
                disposable.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates the next operator's keys, funds its account, registers it (unless <paramref name="setup"/> says not to)
    /// and writes its config; its coordinator is not started yet.
    /// </summary>
    public async Task<CoordinatorNode> AddOperatorAsync(OperatorSetup? setup = null, CancellationToken ct = default)
    {
        setup ??= OperatorSetup.Default;
        var node = new CoordinatorNode(launcher, Rpc, Registry, nodes.Count + 1, WorkDir, setup, Settings.KeepLogInMemory);
        node.WritePassword(Password);
        node.Keys = OperatorKeyStore.Create(node.DataDir, PasswordSource.FromFile(node.PasswordFile), KeystoreKdfChoice.Pbkdf2);
        nodes.Add(node);
        await FundAsync(Rpc, node.Address, Settings.OperatorEther, ct).ConfigureAwait(false);
        if (setup.Register)
            await node.RegisterAsync(ct: ct).ConfigureAwait(false);
        node.WriteConfig(ConfigOf(node));
        return node;
    }

    public async Task<IReadOnlyList<CoordinatorNode>> AddOperatorsAsync(int count, CancellationToken ct = default)
    {
        var added = new List<CoordinatorNode>();
        for (var i = 0; i < count; i++)
            added.Add(await AddOperatorAsync(ct: ct).ConfigureAwait(false));
        return added;
    }

    /// <summary>An operator's config (see README "Configuration"): fast polling, no confirmations, this cluster's chain and network.</summary>
    private JsonObject ConfigOf(CoordinatorNode node)
    {
        var config = new JsonObject
        {
            ["rpcUrl"] = Anvil.Url.ToString(),
            ["registryAddress"] = Registry.Address.ToString(),
            ["registryStartBlock"] = DeployedAt.Value,
            ["chainId"] = ChainId,
            ["dataDir"] = node.DataDir,
            ["peerListen"] = $"127.0.0.1:{node.Port.ToString(CultureInfo.InvariantCulture)}",
            ["validatorClientListen"] = $"127.0.0.1:{node.ValidatorClientPort.ToString(CultureInfo.InvariantCulture)}",
            ["confirmations"] = 0,
            ["pollIntervalMs"] = (ulong)Settings.PollInterval.TotalMilliseconds,
            ["passwordFile"] = node.PasswordFile,
            ["keystoreKdf"] = "pbkdf2",
            ["logLevel"] = Settings.LogLevel,
            ["network"] = NetworkFile ?? Network.Name,
            ["genesisTime"] = GenesisTime,
        };
        if (Settings.RecoveryDeadline is { } deadline)
            config["recovery"] = new JsonObject { ["enabled"] = true, ["deadlineMs"] = (ulong)deadline.TotalMilliseconds };
        if (beacon is not null)
        {
            config["beaconNodeUrl"] = beacon.Url.ToString();
            // The simulated beacon node accepts exits and reports validator states; it produces no attestation data
            // or blocks, so the holders could decide nothing: the cluster's duties are signed on slashing protection
            // alone. Duty consensus runs against a real beacon node in LodestarHolderFailoverTests.
            config["dutyConsensus"] = false;
        }
        foreach (var (name, value) in ExtraConfig)
            config[name] = value.DeepClone();
        foreach (var (name, value) in node.Setup.ExtraConfig ?? [])
        {
            if (value is null)
                config.Remove(name); // null takes a field away (e.g. beaconNodeUrl)
            else
                config[name] = value.DeepClone();
        }
        return config;
    }

    /// <summary>requestOperatorExit, then processOperatorExit until nothing is left to hand over.</summary>
    public async Task ExitOperatorAsync(CoordinatorNode node, CancellationToken ct)
    {
        await node.TransactAsync(r => r.RequestOperatorExitAsync(ct), ct).ConfigureAwait(false);
        while (!(await Registry.OperatorExitBacklogAsync(node.OperatorId, ct: ct).ConfigureAwait(false)).IsZero)
            await node.TransactAsync(r => r.ProcessOperatorExitAsync(node.OperatorId, new UInt256(8), ct), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// keccak256(commitments || encryptedShares) of the dealer's deal in the round as the chain now holds it (its
    /// DealSubmitted event: the registry stores no deal hash), or zero when the chain holds none.
    /// </summary>
    public async Task<Hash32> DealHashAsync(ulong validatorId, uint round, ulong dealerId)
    {
        var logs = await Rpc.GetLogsAsync(new LogFilter([Registry.Address], [[DvtRegistryContract.DealSubmittedEvent.Topic0]]),
            DeployedAt, await Rpc.BlockNumberAsync().ConfigureAwait(false)).ConfigureAwait(false);
        var deals = logs.Where(l => !l.Removed).Select(DvtRegistryContract.DealSubmittedEvent.Decode)
            .Where(d => d.ValidatorId == validatorId && d.Round == round && d.DealerId == dealerId).ToArray();
        return deals.Length == 0 ? Hash32.Zero : Keccak256.HashToHash32([.. deals.Single().Commitments, .. deals.Single().EncryptedShares]);
    }

    public Task WaitForStatusAsync(ulong validatorId, byte status, TimeSpan? timeout = null) =>
        WaitUntilAsync(async () => (await Registry.GetValidatorAsync(validatorId).ConfigureAwait(false)).Status == status, timeout ?? TimeSpan.FromSeconds(60),
            $"validator {validatorId} reaching status {status}");

    /// <summary>Polls <paramref name="condition"/> until it holds or the timeout passes (then a TimeoutException naming <paramref name="what"/>).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:F0} s waiting for: {what}");
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    private static Task FundAsync(RpcClient rpc, Address address, decimal ether, CancellationToken ct) =>
        rpc.RequestAsync("anvil_setBalance", [address.ToString(), UInt256.Ether(ether).ToQuantity()], ct);

    /// <summary>Stops every coordinator (in parallel, each a clean shutdown), then the beacon node and anvil.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(nodes.Select(n => Task.Run(() => n.StopAsync()))).ConfigureAwait(false);
        if (launcher is IDisposable disposable)
            disposable.Dispose();
        if (beacon is not null)
            await beacon.DisposeAsync().ConfigureAwait(false);
        foreach (var node in nodes)
        {
            node.Keys?.Dispose();
            node.Output.Dispose();
        }
        await Rpc.DisposeAsync().ConfigureAwait(false);
        children.Dispose();
        if (Settings.DeleteWorkDirOnDispose)
        {
            try
            {
                Directory.Delete(WorkDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
