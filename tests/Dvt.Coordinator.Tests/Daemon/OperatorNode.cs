using Microsoft.Extensions.Logging;
using System.Diagnostics;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Keystore;
using Dvt.ContractBindings.Transactions;
using Dvt.Coordinator.Configuration;
using Dvt.Coordinator.Keys;
using Dvt.Crypto.Keystores;
using Dvt.Crypto.Threshold;
using Dvt.TestSupport;

namespace Dvt.Coordinator.Tests.Daemon;

/// <summary>One operator of a <see cref="DevnetCluster"/>: its data directory, its registry binding, and its coordinator.</summary>
public sealed class OperatorNode(DevnetCluster cluster, int index, string dataDir, string configFile, int port, int validatorClientPort) : IAsyncDisposable
{
    private DvtRegistryContract? registry;
    private Process? process;
    private readonly List<string> log = [];

    public int Index { get; } = index;

    public string DataDir { get; } = dataDir;

    public string ConfigFile { get; } = configFile;

    /// <summary>The public listener's port (peer API only), the endpoint it registers.</summary>
    public int Port { get; } = port;

    /// <summary>The validator-client listener's port (Web3Signer API, /healthcheck, /metrics).</summary>
    public int ValidatorClientPort { get; } = validatorClientPort;

    public DataDirectory Paths { get; } = new(dataDir);

    public ulong OperatorId { get; private set; }

    public CoordinatorHost? Host { get; private set; }

    public IReadOnlyList<string> Log
    {
        get
        {
            lock (log)
                return log.ToArray();
        }
    }

    public PasswordSource Password => PasswordSource.FromFile(Path.Combine(DataDir, "password.txt"));

    /// <summary>The registry bound to this operator's account (for the owner's own transactions).</summary>
    public async Task<DvtRegistryContract> RegistryAsync()
    {
        if (registry is not null)
            return registry;
        using var keys = OperatorKeyStore.Open(DataDir, Password, KeystoreKdfChoice.Pbkdf2);
        var sender = await TransactionSender.CreateAsync(cluster.Rpc, new Dvt.ContractBindings.Signing.EthereumPrivateKey(keys.EthereumKey.ExportSecret()));
        registry = new DvtRegistryContract(cluster.RegistryAddress, cluster.Rpc, sender);
        return registry;
    }

    /// <summary>
    /// Sends one of the operator's own transactions while its coordinator may be sending with the same account: on a
    /// nonce clash the nonce is read again and the call retried (what the `dvt` command line must do as well).
    /// </summary>
    public async Task TransactAsync(Func<DvtRegistryContract, Task> action)
    {
        var bound = await RegistryAsync();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await bound.Sender!.ResyncNonceAsync();
                await action(bound);
                return;
            }
            catch (Dvt.ContractBindings.Rpc.RpcErrorException e) when (attempt < 10 && e.Message.Contains("nonce", StringComparison.OrdinalIgnoreCase))
            {
                await Task.Delay(50);
            }
        }
    }

    public async Task RegisterAsync()
    {
        byte[] encryptionKey;
        using (var keys = OperatorKeyStore.Open(DataDir, Password, KeystoreKdfChoice.Pbkdf2))
            encryptionKey = keys.ShareEncryptionPublicKey.ToBytes();
        var bound = await RegistryAsync();
        await bound.RegisterOperatorAsync(encryptionKey, $"http://127.0.0.1:{Port}");
        OperatorId = await cluster.Reader.OperatorIdOfAsync(bound.Sender!.Address);
    }

    public async Task<ulong> RequestValidatorAsync(byte mode, byte keyGeneration)
    {
        var bound = await RegistryAsync();
        var credentials = DevnetCluster.Credentials(bound.Sender!.Address);
        var id = await bound.SimulateRequestValidatorAsync(mode, keyGeneration, credentials, DevnetCluster.DepositAmount);
        await bound.RequestValidatorAsync(mode, keyGeneration, credentials, DevnetCluster.DepositAmount);
        return id;
    }

    /// <summary>Operators whose share this node corrupts when it deals a first round (in-process only; no config field does this).</summary>
    public IReadOnlyList<ulong>? CorruptShareFor { get; init; }

    /// <summary>Whether this node corrupts the DKG escrow to the owner when it deals a first round (in-process only).</summary>
    public bool CorruptEscrow { get; init; }

    public async Task StartInProcessAsync()
    {
        var config = CoordinatorConfig.Load(ConfigFile);
        var logging = DevnetCluster.TestLogging($"op{Index}", log);
        var faults = CorruptShareFor is not null || CorruptEscrow
            ? new FaultInjectingShareCorruption(CorruptShareFor ?? [], CorruptEscrow, logging.CreateLogger<FaultInjectingShareCorruption>())
            : null;
        Host = await CoordinatorHost.StartAsync(config, logging, dealFaults: faults);
    }

    /// <summary>Runs the built `dvt` executable: `dvt coordinator run --config FILE`.</summary>
    public void StartProcess()
    {
        if (CorruptShareFor is not null || CorruptEscrow)
            throw new InvalidOperationException("fault injection is wired in code, so a node that corrupts shares runs in-process only");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["NO_COLOR"] = "1";
        foreach (var arg in new[] { "exec", Cli.DvtExecutable.DllPath, "coordinator", "run", "--config", ConfigFile })
            info.ArgumentList.Add(arg);
        process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int? ProcessId => process?.Id;

    /// <summary>Kills the coordinator process at once (no shutdown), as a crash would.</summary>
    public void KillProcess()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process?.Dispose();
        process = null;
    }

    public async Task StopAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
            Host = null;
        }
        KillProcess();
    }

    /// <summary>Reads this operator's share of a validator from its keystore file (null when absent).</summary>
    public SecretShare? ReadShare(ulong validatorId, uint round)
    {
        var file = Paths.ShareKeystore(validatorId, round);
        if (!File.Exists(file))
            return null;
        var keystore = Keystore.Load(file);
        var index = int.Parse(keystore.Description.Split(' ')[4], System.Globalization.CultureInfo.InvariantCulture);
        return new SecretShare(new ShareIndex(index), keystore.DecryptBlsSecretKey(DevnetCluster.Password));
    }

    public IReadOnlyList<string> ShareFiles(ulong validatorId)
    {
        var folder = Paths.ValidatorFolder(validatorId);
        return System.IO.Directory.Exists(folder) ? System.IO.Directory.GetFiles(folder, "share-round-*.json").Select(f => Path.GetFileName(f)).Order().ToArray() : [];
    }

    public bool HasFullKey(ulong validatorId) => File.Exists(Paths.FullKeyKeystore(validatorId));

    public async ValueTask DisposeAsync() => await StopAsync();
}
