using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Keystore;
using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Signing;
using Dvt.ContractBindings.Transactions;
using Dvt.Consensus.Networks;
using Dvt.Coordinator.Configuration;
using Dvt.Coordinator.Devnet;
using Dvt.Coordinator.Keys;
using Dvt.TestSupport;
using Microsoft.Extensions.Logging;

namespace Dvt.Coordinator.Tests.Daemon;

/// <summary>
/// anvil, the deposit contract and the registry, and operators each with its own data directory, keys, state
/// database and port, registered through the library API. Coordinators run in this process (<see cref="StartInProcessAsync"/>)
/// or as separate `dvt coordinator run --config FILE` processes (<see cref="StartProcess"/>).
/// </summary>
public sealed class DevnetCluster : IAsyncDisposable
{
    public const string Password = "devnet password";
    public static readonly UInt256 DepositAmount = UInt256.Ether(32);

    private readonly List<OperatorNode> nodes = [];

    private DevnetCluster(AnvilProcess anvil, RpcClient rpc, string root, Address registry, Address deposit, BlockNumber deployedAt, DevnetSimulatedBeaconNode beacon)
    {
        Beacon = beacon;
        Anvil = anvil;
        Rpc = rpc;
        Root = root;
        RegistryAddress = registry;
        DepositAddress = deposit;
        DeployedAt = deployedAt;
        Reader = new DvtRegistryContract(registry, rpc);
    }

    public AnvilProcess Anvil { get; }

    /// <summary>The network every coordinator of this cluster is configured with ("network": "mainnet", nothing overridden).</summary>
    public static EthereumNetwork Network => NamedNetworks.Mainnet;

    /// <summary>The simulated beacon node (mainnet's exit domain) every coordinator submits exits to and watches.</summary>
    public DevnetSimulatedBeaconNode Beacon { get; }

    public RpcClient Rpc { get; }

    public string Root { get; }

    public Address RegistryAddress { get; }

    public Address DepositAddress { get; }

    public BlockNumber DeployedAt { get; }

    /// <summary>The beacon-chain genesis time the coordinators are given: an hour before anvil's block 0 (slots of 12 s), so the chain is a few epochs old when tests sign.</summary>
    public ulong GenesisTime { get; private init; }

    /// <summary>The registry for reading (no sender).</summary>
    public DvtRegistryContract Reader { get; }

    /// <summary>
    /// keccak256(commitments || encryptedShares) of the dealer's deal in the round as the chain now holds it (its
    /// DealSubmitted event: the registry stores no deal hash), or zero when the chain holds none.
    /// </summary>
    public async Task<Hash32> DealHashAsync(ulong validatorId, uint round, ulong dealerId)
    {
        var logs = await Reader.Rpc.GetLogsAsync(new LogFilter([RegistryAddress], [[DvtRegistryContract.DealSubmittedEvent.Topic0]]),
            DeployedAt, await Reader.Rpc.BlockNumberAsync());
        var deals = logs.Where(l => !l.Removed).Select(DvtRegistryContract.DealSubmittedEvent.Decode)
            .Where(d => d.ValidatorId == validatorId && d.Round == round && d.DealerId == dealerId).ToArray();
        return deals.Length == 0 ? Hash32.Zero : Keccak256.HashToHash32([.. deals.Single().Commitments, .. deals.Single().EncryptedShares]);
    }

    public IReadOnlyList<OperatorNode> Nodes => nodes;

    public static async Task<DevnetCluster> StartAsync(IEnumerable<string>? anvilArguments = null)
    {
        var anvil = await AnvilProcess.StartAsync(anvilArguments);
        var rpc = RpcClient.ForUrl(anvil.HttpUrl);
        var deployer = await TransactionSender.CreateAsync(rpc, EthereumPrivateKey.FromHex(AnvilProcess.DefaultPrivateKeys[0]));
        var deployedAt = await rpc.BlockNumberAsync();
        var deposit = await DevnetDepositContract.DeployAsync(deployer);
        var registry = await DvtRegistryContract.DeployAsync(deployer, deposit.Address);
        var root = System.IO.Directory.CreateTempSubdirectory("dvt-cluster-").FullName;
        var genesis = await rpc.GetBlockByNumberAsync(BlockTag.At(new BlockNumber(0)));
        // The simulated beacon node keeps the coordinators' clock (their genesisTime override), so both sides agree on
        // the fork, and so on the voluntary exit's domain.
        var beacon = await DevnetSimulatedBeaconNode.StartAsync(Network with { GenesisTime = genesis!.Timestamp - 3600 });
        beacon.ExitDelay = TimeSpan.FromMilliseconds(500);
        return new DevnetCluster(anvil, rpc, root, registry.Address, deposit.Address, deployedAt, beacon) { GenesisTime = genesis!.Timestamp - 3600 };
    }

    /// <summary>Creates an operator's data directory and keys (a fresh, funded account); registers it unless told not to.</summary>
    public async Task<OperatorNode> AddOperatorAsync(bool register = true, IReadOnlyList<ulong>? corruptShareFor = null, JsonObject? extraConfig = null,
        bool corruptEscrow = false)
    {
        var index = nodes.Count + 1;
        var dataDir = Path.Combine(Root, $"operator-{index}");
        System.IO.Directory.CreateDirectory(dataDir);
        var passwordFile = Path.Combine(dataDir, "password.txt");
        await File.WriteAllTextAsync(passwordFile, Password);
        using var account = EthereumPrivateKey.Generate();
        await Rpc.RequestAsync("anvil_setBalance", account.Address.ToString(), UInt256.Ether(1000).ToQuantity());
        using (OperatorKeyStore.Create(dataDir, PasswordSource.FromFile(passwordFile), KeystoreKdfChoice.Pbkdf2, account))
        {
        }
        var port = FreePort();
        var validatorClientPort = FreePort();
        var configFile = Path.Combine(dataDir, "coordinator.json");
        var config = new JsonObject
        {
            ["rpcUrl"] = Anvil.HttpUrl.ToString(),
            ["registryAddress"] = RegistryAddress.ToString(),
            ["registryStartBlock"] = DeployedAt.Value,
            ["chainId"] = AnvilProcess.ChainId,
            ["dataDir"] = dataDir,
            ["peerListen"] = $"127.0.0.1:{port}",
            ["validatorClientListen"] = $"127.0.0.1:{validatorClientPort}",
            ["confirmations"] = 0,
            ["pollIntervalMs"] = 100,
            ["passwordFile"] = passwordFile,
            ["keystoreKdf"] = "pbkdf2",
            ["logLevel"] = "debug",
            ["network"] = Network.Name,
            ["genesisTime"] = GenesisTime,
            ["beaconNodeUrl"] = Beacon.Url.ToString(),
            ["dutyConsensus"] = false, // the simulated beacon node produces no duty data to decide on
        };
        foreach (var (name, value) in extraConfig ?? [])
        {
            if (value is null)
                config.Remove(name); // null takes a default field away (e.g. beaconNodeUrl)
            else
                config[name] = value.DeepClone();
        }
        await File.WriteAllTextAsync(configFile, config.ToJsonString());
        var node = new OperatorNode(this, index, dataDir, configFile, port, validatorClientPort) { CorruptShareFor = corruptShareFor, CorruptEscrow = corruptEscrow };
        nodes.Add(node);
        if (register)
            await node.RegisterAsync();
        return node;
    }

    public async Task<List<OperatorNode>> AddOperatorsAsync(int count)
    {
        var added = new List<OperatorNode>();
        for (var i = 0; i < count; i++)
            added.Add(await AddOperatorAsync());
        return added;
    }

    public static Hash32 Credentials(Address to)
    {
        var wc = new byte[32];
        wc[0] = 0x01;
        to.Bytes.CopyTo(wc.AsSpan(12));
        return new Hash32(wc);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the timeout passes (then fails with <paramref name="what"/>).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:F0} s waiting for: {what}");
            await Task.Delay(100);
        }
    }

    public async Task<DvtRegistryContract.GetValidatorResult> ValidatorAsync(ulong id) => await Reader.GetValidatorAsync(id);

    public Task WaitForStatusAsync(ulong validatorId, byte status, TimeSpan? timeout = null) =>
        WaitUntilAsync(async () => (await Reader.GetValidatorAsync(validatorId)).Status == status, timeout ?? TimeSpan.FromSeconds(60),
            $"validator {validatorId} reaching status {status}");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in nodes)
            await node.DisposeAsync();
        await Rpc.DisposeAsync();
        await Anvil.DisposeAsync();
        await Beacon.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static ILoggerFactory TestLogging(string name, List<string> sink) =>
        LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new ListLoggerProvider(name, sink)));
}
