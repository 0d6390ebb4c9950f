using System.Globalization;
using System.Text.Json.Nodes;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Keystore;
using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Transactions;
using Dvt.Coordinator.Configuration;
using Dvt.Coordinator.Keys;
using Dvt.Crypto.Keystores;
using Dvt.Crypto.Threshold;

namespace Dvt.Coordinator.Devnet;

/// <summary>
/// One operator of a <see cref="DevnetCluster"/>: its data directory, config, password file and log under the work
/// folder, its keys (open for the transactions the cluster sends on its behalf), and its coordinator, started by the
/// cluster's <see cref="ICoordinatorLauncher"/>: its peer API on <see cref="Port"/> (the endpoint it registers), its
/// Web3Signer API, /healthcheck and /metrics on <see cref="ValidatorClientPort"/> (loopback). The password reaches a
/// coordinator through the file its config names, never a command line.
/// </summary>
public sealed class CoordinatorNode
{
    private readonly ICoordinatorLauncher launcher;
    private readonly RpcClient rpc;
    private readonly DvtRegistryContract registry;
    private IRunningCoordinator? running;

    internal CoordinatorNode(ICoordinatorLauncher launcher, RpcClient rpc, DvtRegistryContract registry, int number, string workDir, OperatorSetup setup, bool keepLogInMemory)
    {
        this.launcher = launcher;
        this.rpc = rpc;
        this.registry = registry;
        Number = number;
        Setup = setup;
        DataDir = Path.Combine(workDir, $"operator-{number}");
        ConfigFile = Path.Combine(workDir, $"operator-{number}.json");
        PasswordFile = Path.Combine(workDir, $"operator-{number}.password");
        Output = new CoordinatorLog(Path.Combine(workDir, $"operator-{number}.log"), keepLogInMemory);
        Port = FreePort.Next();
        ValidatorClientPort = FreePort.Next();
    }

    /// <summary>1-based position in the cluster (equal to the registry's operator id when operators register in order).</summary>
    public int Number { get; }

    public OperatorSetup Setup { get; }

    /// <summary>The registry's id of this operator (0 until registered).</summary>
    public ulong OperatorId { get; internal set; }

    public Address Address => Keys.Address;

    /// <summary>The operator's keys (owned by the cluster; do not dispose).</summary>
    public OperatorKeyStore Keys { get; internal set; } = null!;

    public string DataDir { get; }

    public DataDirectory Paths => new(DataDir);

    public string ConfigFile { get; }

    /// <summary>The keystore password of this operator, readable by the owner only (the config names it; `dvt` commands take it with --password-file).</summary>
    public string PasswordFile { get; }

    public PasswordSource Password => PasswordSource.FromFile(PasswordFile);

    /// <summary>Where the coordinator's lines go, across restarts.</summary>
    public CoordinatorLog Output { get; }

    public string LogFile => Output.File;

    /// <summary>The coordinator's log lines so far.</summary>
    public IReadOnlyList<string> Log => Output.Lines();

    /// <summary>The public listener's port: the peer API only.</summary>
    public int Port { get; }

    /// <summary>The validator-client listener's port: Web3Signer API, /healthcheck, /metrics.</summary>
    public int ValidatorClientPort { get; }

    /// <summary>The public (peer) endpoint, as registered on chain.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The validator-client endpoint (Web3Signer API), never published.</summary>
    public Uri ValidatorClientEndpoint => new($"http://127.0.0.1:{ValidatorClientPort.ToString(CultureInfo.InvariantCulture)}");

    public bool Running => running is { Ended: null };

    /// <summary>The in-process host (null when stopped or a child process).</summary>
    public CoordinatorHost? Host => running?.Host;

    /// <summary>The child process's id (null when stopped or in-process).</summary>
    public int? ProcessId => running?.ProcessId;

    public Web3SignerClient Signer() => new(ValidatorClientEndpoint);

    /// <summary>Writes <see cref="PasswordFile"/>, owner read/write only.</summary>
    internal void WritePassword(string password) => AtomicFile.Write(PasswordFile, password);

    internal void WriteConfig(JsonObject config) =>
        File.WriteAllText(ConfigFile, config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));

    /// <summary>Starts the coordinator (nothing when it runs).</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        if (Running)
            return;
        running = await launcher.StartAsync(this, ct).ConfigureAwait(false);
    }

    /// <summary>Stops the coordinator: a clean shutdown, or at once when <paramref name="crash"/> (a child process is killed).</summary>
    public async Task StopAsync(bool crash = false)
    {
        var stopping = running;
        running = null;
        if (stopping is not null)
            await stopping.StopAsync(crash).ConfigureAwait(false);
    }

    /// <summary>Waits until its Web3Signer API answers /upcheck.</summary>
    public async Task WaitUntilUpAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var client = Signer();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (running?.Ended is { } ended)
                throw new InvalidOperationException($"coordinator of operator {Number} {ended}: {LastLines()}");
            if (await client.UpcheckAsync(ct).ConfigureAwait(false))
                return;
            await Task.Delay(200, ct).ConfigureAwait(false);
        }
        throw new TimeoutException($"coordinator of operator {Number} did not answer {ValidatorClientEndpoint}upcheck within {timeout.TotalSeconds:0} s: {LastLines()}");
    }

    /// <summary>Registers this operator with its share-encryption key at <paramref name="endpoint"/> (default: its own peer endpoint).</summary>
    public async Task RegisterAsync(string? endpoint = null, CancellationToken ct = default)
    {
        var encryptionKey = Keys.ShareEncryptionPublicKey.ToBytes();
        await TransactAsync(r => r.RegisterOperatorAsync(encryptionKey, endpoint ?? Endpoint.ToString().TrimEnd('/'), ct), ct).ConfigureAwait(false);
        OperatorId = await registry.OperatorIdOfAsync(Address, ct: ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a transaction from this operator's account. Its coordinator sends from the same account, so each call
    /// reads the nonce afresh, and a nonce taken by the coordinator at the same moment is retried: refused at once
    /// ("nonce too low", "underpriced"), or accepted and then replaced by the coordinator's transaction of that nonce,
    /// which shows as a receipt that never comes (a short wait tells).
    /// </summary>
    public async Task<T> TransactAsync<T>(Func<DvtRegistryContract, Task<T>> send, CancellationToken ct = default)
    {
        var options = new TransactionSenderOptions { ReceiptTimeout = ReplacedTransactionWait };
        for (var attempt = 1; ; attempt++)
        {
            var sender = await TransactionSender.CreateAsync(rpc, Keys.EthereumKey, options, ct: ct).ConfigureAwait(false);
            try
            {
                return await send(new DvtRegistryContract(registry.Address, rpc, sender)).ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < 5 && LostToTheCoordinator(e))
            {
                await Task.Delay(300 * attempt, ct).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc cref="TransactAsync{T}"/>
    public Task TransactAsync(Func<DvtRegistryContract, Task> send, CancellationToken ct = default) =>
        TransactAsync(async r => { await send(r).ConfigureAwait(false); return true; }, ct);

    /// <summary>The coordinator took the nonce first: the node refused ours, or ours was replaced and never mined.</summary>
    private static bool LostToTheCoordinator(Exception e) => e switch
    {
        TimeoutException => true,
        RpcErrorException rpc => rpc.NodeMessage.Contains("nonce", StringComparison.OrdinalIgnoreCase)
                                 || rpc.NodeMessage.Contains("underpriced", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>How long a transaction may stay unmined before it is taken as replaced (anvil mines each within a block time).</summary>
    private static readonly TimeSpan ReplacedTransactionWait = TimeSpan.FromSeconds(20);

    /// <summary>requestValidator with 32 ETH from this operator's account, withdrawing to it; returns the new validator's id.</summary>
    public async Task<ulong> RequestValidatorAsync(byte mode, byte keyGeneration, CancellationToken ct = default)
    {
        var credentials = Cli.Validators.WithdrawalCredentials.ForAddress(Address);
        var receipt = await TransactAsync(r => r.RequestValidatorAsync(mode, keyGeneration, credentials, DevnetCluster.DepositAmount, ct), ct).ConfigureAwait(false);
        return receipt.Logs
            .Where(l => l.Address.Equals(registry.Address) && l.Topics.Count > 0 && l.Topics[0] == DvtRegistryContract.ValidatorRequestedEvent.Topic0)
            .Select(DvtRegistryContract.ValidatorRequestedEvent.Decode)
            .Single().ValidatorId;
    }

    /// <summary>The share files this operator keeps of a validator (keys/validators/ID/share-round-*.json), file names in order.</summary>
    public IReadOnlyList<string> ShareFiles(ulong validatorId)
    {
        var folder = Paths.ValidatorFolder(validatorId);
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "share-round-*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray() : [];
    }

    public bool HasFullKey(ulong validatorId) => File.Exists(Paths.FullKeyKeystore(validatorId));

    /// <summary>This operator's share of a validator from its keystore file (null when absent).</summary>
    public SecretShare? ReadShare(ulong validatorId, uint round)
    {
        var file = Paths.ShareKeystore(validatorId, round);
        if (!File.Exists(file))
            return null;
        var keystore = Keystore.Load(file);
        var index = int.Parse(keystore.Description.Split(' ')[4], CultureInfo.InvariantCulture);
        return new SecretShare(new ShareIndex(index), keystore.DecryptBlsSecretKey(File.ReadAllText(PasswordFile)));
    }

    public string LastLines(int count = 3)
    {
        var lines = Log;
        return lines.Count == 0 ? "(no log)" : string.Join(" | ", lines.TakeLast(count)) + $" (log: {LogFile})";
    }
}
