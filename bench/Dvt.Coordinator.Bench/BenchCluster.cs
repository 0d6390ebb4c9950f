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
using Dvt.Coordinator.Configuration;
using Dvt.Coordinator.Keys;
using Dvt.TestSupport;

namespace Dvt.Coordinator.Bench;

/// <summary>anvil, the registry, and n registered operators, each with its `dvt coordinator run` process.</summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    public const string Password = "bench password";
    public static readonly UInt256 DepositAmount = UInt256.Ether(32);

    private readonly List<Process> processes = [];
    private readonly List<int> readyCount = [];

    private BenchCluster(AnvilProcess anvil, RpcClient rpc, string root, DvtRegistryContract reader)
    {
        Anvil = anvil;
        Rpc = rpc;
        Root = root;
        Reader = reader;
    }

    public AnvilProcess Anvil { get; }

    public RpcClient Rpc { get; }

    public string Root { get; }

    public DvtRegistryContract Reader { get; }

    public List<DvtRegistryContract> Operators { get; } = [];

    public List<EthereumPrivateKey> Accounts { get; } = [];

    public IReadOnlyList<Process> Processes => processes;

    public static async Task<BenchCluster> StartAsync(int operators, int? blockTimeSeconds)
    {
        var anvil = await AnvilProcess.StartAsync(blockTimeSeconds is { } s ? ["--block-time", s.ToString(System.Globalization.CultureInfo.InvariantCulture)] : null);
        var rpc = RpcClient.ForUrl(anvil.HttpUrl);
        var deployer = await TransactionSender.CreateAsync(rpc, EthereumPrivateKey.FromHex(AnvilProcess.DefaultPrivateKeys[0]));
        var deployedAt = await rpc.BlockNumberAsync();
        var genesisTime = (await rpc.GetBlockByNumberAsync(BlockTag.At(new BlockNumber(0))))!.Timestamp;
        var deposit = await DevnetDepositContract.DeployAsync(deployer);
        var registry = await DvtRegistryContract.DeployAsync(deployer, deposit.Address);
        var root = Directory.CreateTempSubdirectory("dvt-bench-").FullName;
        var cluster = new BenchCluster(anvil, rpc, root, new DvtRegistryContract(registry.Address, rpc));
        var registrations = new List<Task>();
        for (var i = 1; i <= operators; i++)
        {
            var dataDir = Path.Combine(root, $"operator-{i}");
            Directory.CreateDirectory(dataDir);
            var passwordFile = Path.Combine(dataDir, "password.txt");
            await File.WriteAllTextAsync(passwordFile, Password);
            var account = EthereumPrivateKey.Generate();
            cluster.Accounts.Add(account);
            await rpc.RequestAsync("anvil_setBalance", account.Address.ToString(), UInt256.Ether(1_000_000).ToQuantity());
            byte[] encryptionKey;
            using (var keys = OperatorKeyStore.Create(dataDir, PasswordSource.FromFile(passwordFile), KeystoreKdfChoice.Pbkdf2, account))
                encryptionKey = keys.ShareEncryptionPublicKey.ToBytes();
            var port = FreePort();
            var config = new JsonObject
            {
                ["rpcUrl"] = anvil.HttpUrl.ToString(),
                ["registryAddress"] = registry.Address.ToString(),
                ["registryStartBlock"] = deployedAt.Value,
                ["chainId"] = AnvilProcess.ChainId,
                ["dataDir"] = dataDir,
                ["peerListen"] = $"127.0.0.1:{port}",
                ["validatorClientListen"] = $"127.0.0.1:{FreePort()}",
                ["confirmations"] = 0,
                ["pollIntervalMs"] = 100,
                ["passwordFile"] = passwordFile,
                ["keystoreKdf"] = "pbkdf2",
                ["logLevel"] = "warning",
                ["genesisTime"] = genesisTime,
                // anvil has no beacon chain of its own: the coordinators sign as on mainnet (nothing here is signed for a beacon node).
                ["network"] = "mainnet",
            };
            await File.WriteAllTextAsync(Path.Combine(dataDir, "coordinator.json"), config.ToJsonString());
            var bound = new DvtRegistryContract(registry.Address, rpc, await TransactionSender.CreateAsync(rpc, account));
            cluster.Operators.Add(bound);
            registrations.Add(bound.RegisterOperatorAsync(encryptionKey, $"http://127.0.0.1:{port}"));
        }
        await Task.WhenAll(registrations);
        return cluster;
    }

    /// <summary>Starts every coordinator process and waits until each has found its operator id on chain.</summary>
    public async Task StartCoordinatorsAsync()
    {
        var dvt = DvtDll();
        for (var i = 1; i <= Operators.Count; i++)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.Environment["NO_COLOR"] = "1";
            foreach (var arg in new[] { "exec", dvt, "coordinator", "run", "--config", Path.Combine(Root, $"operator-{i}", "coordinator.json") })
                info.ArgumentList.Add(arg);
            var process = Process.Start(info)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null && e.Data.Contains("fail", StringComparison.OrdinalIgnoreCase)) Console.Error.WriteLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            processes.Add(process);
        }
        // Ready = its validator-client listener answers (started once its registration was seen).
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var ports = ValidatorClientListens();
        var clock = Stopwatch.StartNew();
        foreach (var listen in ports)
        {
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync($"http://{listen}/upcheck");
                    if (response.IsSuccessStatusCode)
                        break;
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }
                if (clock.Elapsed > TimeSpan.FromMinutes(10))
                    throw new TimeoutException($"coordinator at {listen} did not come up");
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Each coordinator's validator-client listener (Web3Signer API), host:port, in operator order.</summary>
    public string[] ValidatorClientListens() =>
        Enumerable.Range(1, Operators.Count).Select(i => JsonNode.Parse(File.ReadAllText(Path.Combine(Root, $"operator-{i}", "coordinator.json")))!["validatorClientListen"]!.GetValue<string>()).ToArray();

    public static Hash32 Credentials(Address to)
    {
        var wc = new byte[32];
        wc[0] = 0x01;
        to.Bytes.CopyTo(wc.AsSpan(12));
        return new Hash32(wc);
    }

    private static string DvtDll()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "dvt.dll");
        if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "dvt.runtimeconfig.json")))
            return beside;
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var built = Path.Combine(RepoPaths.Root, "src", "Dvt.Coordinator", "bin", configuration, "net10.0", "dvt.dll");
        return File.Exists(built) ? built : throw new InvalidOperationException($"dvt.dll not found beside the bench or at {built}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops the coordinator processes this cluster started (so the floor measured afterwards has the chain and the accounts to itself).</summary>
    public async Task StopCoordinatorsAsync()
    {
        foreach (var process in processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
        processes.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await StopCoordinatorsAsync();
        foreach (var account in Accounts)
            account.Dispose();
        await Rpc.DisposeAsync();
        await Anvil.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
