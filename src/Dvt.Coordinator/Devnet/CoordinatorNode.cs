using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Dvt.ContractBindings;

namespace Dvt.Coordinator.Devnet;

/// <summary>
/// One operator of the devnet: its data directory and config file under the work folder, and its `dvt coordinator
/// run` child process (its peer API on <see cref="Port"/>, the endpoint it registers; its Web3Signer API and /metrics on
/// <see cref="ValidatorClientPort"/>, loopback). The password reaches the
/// child through an environment variable, never its command line.
/// </summary>
public sealed class CoordinatorNode
{
    private readonly ChildProcesses children;
    private Process? process;

    public CoordinatorNode(ChildProcesses children, int number, string workDir)
    {
        this.children = children;
        Number = number;
        DataDir = Path.Combine(workDir, $"operator-{number}");
        ConfigFile = Path.Combine(workDir, $"operator-{number}.json");
        LogFile = Path.Combine(workDir, $"operator-{number}.log");
        Port = FreePort.Next();
        ValidatorClientPort = FreePort.Next();
    }

    /// <summary>1-based position in the devnet (equal to the registry's operator id when operators register in order).</summary>
    public int Number { get; }

    public ulong OperatorId { get; set; }

    public Address Address { get; set; }

    public string DataDir { get; }

    public string ConfigFile { get; }

    public string LogFile { get; }

    /// <summary>The public listener's port: the peer API only.</summary>
    public int Port { get; }

    /// <summary>The validator-client listener's port: Web3Signer API, /healthcheck, /metrics.</summary>
    public int ValidatorClientPort { get; }

    /// <summary>The public (peer) endpoint, as registered on chain.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The validator-client endpoint (Web3Signer API), never published.</summary>
    public Uri ValidatorClientEndpoint => new($"http://127.0.0.1:{ValidatorClientPort.ToString(CultureInfo.InvariantCulture)}");

    public bool Running => process is { HasExited: false };

    public Web3SignerClient Signer() => new(ValidatorClientEndpoint);

    /// <summary>Writes the coordinator's config (see README "Configuration"): fast polling and a short recovery deadline for a devnet.</summary>
    public void WriteConfig(Uri rpc, Address registry, ulong chainId, string passwordVariable, string genesisValidatorsRoot, TimeSpan recoveryDeadline,
        IReadOnlyDictionary<string, JsonNode>? extra = null)
    {
        var config = new JsonObject
        {
            ["rpcUrl"] = rpc.ToString(),
            ["registryAddress"] = registry.ToString(),
            ["registryStartBlock"] = 0,
            ["chainId"] = chainId,
            ["dataDir"] = DataDir,
            ["peerListen"] = $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}",
            ["validatorClientListen"] = $"127.0.0.1:{ValidatorClientPort.ToString(CultureInfo.InvariantCulture)}",
            ["confirmations"] = 0,
            ["pollIntervalMs"] = 250,
            ["passwordEnv"] = passwordVariable,
            ["recovery"] = new JsonObject { ["enabled"] = true, ["deadlineMs"] = (ulong)recoveryDeadline.TotalMilliseconds },
            ["genesisValidatorsRoot"] = genesisValidatorsRoot,
            ["keystoreKdf"] = "pbkdf2",
            ["logLevel"] = "information",
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, JsonNode>())
            config[name] = value.DeepClone();
        File.WriteAllText(ConfigFile, config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    public void Start()
    {
        if (Running)
            return;
        var (fileName, prefix) = ToolLocator.Self();
        var info = new ProcessStartInfo(fileName);
        foreach (var argument in prefix.Concat(["coordinator", "run", "--config", ConfigFile]))
            info.ArgumentList.Add(argument);
        File.AppendAllText(LogFile, $"---- started {DateTimeOffset.UtcNow:O}{Environment.NewLine}");
        process = children.Start(info, LogFile);
    }

    /// <summary>Stops the coordinator: SIGTERM (a clean shutdown), or at once when <paramref name="crash"/>.</summary>
    public void Stop(bool crash)
    {
        if (process is null)
            return;
        if (crash)
            ChildProcesses.Crash(process);
        else
            ChildProcesses.Stop(process, TimeSpan.FromSeconds(10));
        process = null;
    }

    /// <summary>Waits until its Web3Signer API answers /upcheck.</summary>
    public async Task WaitUntilUpAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var client = Signer();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process is { HasExited: true } gone)
                throw new InvalidOperationException($"coordinator of operator {Number} exited with {gone.ExitCode}: {LastLines()}");
            if (await client.UpcheckAsync(ct).ConfigureAwait(false))
                return;
            await Task.Delay(200, ct).ConfigureAwait(false);
        }
        throw new TimeoutException($"coordinator of operator {Number} did not answer {ValidatorClientEndpoint}upcheck within {timeout.TotalSeconds:0} s: {LastLines()}");
    }

    /// <summary>The share files this operator keeps of a validator (keys/validators/ID/share-round-*.json).</summary>
    public IReadOnlyList<string> ShareFiles(ulong validatorId)
    {
        var folder = new Keys.DataDirectory(DataDir).ValidatorFolder(validatorId);
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "share-round-*.json") : [];
    }

    public string LastLines(int count = 3)
    {
        if (!File.Exists(LogFile))
            return "(no log)";
        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(" | ", lines.TakeLast(count)) + $" (log: {LogFile})";
    }
}
