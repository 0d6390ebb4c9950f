using Dvt.TestSupport;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Dvt.Coordinator.Devnet;

namespace Dvt.EndToEnd.Tests;

/// <summary>
/// A Lodestar 1.5.1 dev chain (minimal preset, interop genesis, Altair from genesis, Bellatrix pre-merge from epoch 1,
/// as ../shared/interop/lodestar/run-devnet.sh runs it) and validator clients, each started as its own process and
/// stopped with the <see cref="ChildProcesses"/> they were started by.
/// </summary>
public sealed class LodestarChain(ChildProcesses children, string workDir, int secondsPerSlot)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };
    private readonly Dictionary<int, Process> _validatorClients = [];

    public int RestPort { get; } = FreePort();

    public Uri BeaconUrl => new($"http://127.0.0.1:{RestPort}");

    private string Lodestar => Path.Combine(LodestarInterop.InstallFolder, "node_modules", ".bin", "lodestar");

    private string[] ChainParams =>
        ["--network", "dev", "--params.SECONDS_PER_SLOT", secondsPerSlot.ToString(CultureInfo.InvariantCulture),
         "--params.ALTAIR_FORK_EPOCH", "0", "--params.BELLATRIX_FORK_EPOCH", "1"];

    /// <summary>
    /// Starts the beacon node with genesis <paramref name="genesisDelay"/> from now and waits for its REST API. The
    /// validator clients must be up (started after this returns) before the first epoch passes without a block: a head
    /// more than an epoch behind the clock makes Lodestar report itself syncing (503 to every duty request), and with
    /// no peer to sync from it never recovers. On a loaded 2-core machine the beacon node alone takes 30-45 s to start.
    /// </summary>
    public async Task StartBeaconNodeAsync(int validators, TimeSpan genesisDelay, CancellationToken ct)
    {
        var dir = Directory.CreateDirectory(Path.Combine(workDir, "beacon")).FullName;
        var genesis = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + (long)genesisDelay.TotalSeconds;
        var info = Info(dir, ["dev", "--genesisValidators", validators.ToString(CultureInfo.InvariantCulture), .. ChainParams,
            "--genesisTime", genesis.ToString(CultureInfo.InvariantCulture),
            "--rest", "--rest.address", "127.0.0.1", "--rest.port", RestPort.ToString(CultureInfo.InvariantCulture),
            "--listenAddress", "127.0.0.1", "--port", FreePort().ToString(CultureInfo.InvariantCulture),
            "--discv5", "false", "--mdns", "false", "--dataDir", Path.Combine(dir, "data"), "--reset"]);
        children.Start(info, Path.Combine(workDir, "beacon.log"));
        var up = await BoundedPoll.UntilAsync(async token =>
        {
            using var response = await Http.GetAsync(new Uri(BeaconUrl, "/eth/v1/node/version"), token);
            return response.IsSuccessStatusCode;
        }, answered => answered, genesisDelay, TimeSpan.FromMilliseconds(500), ct, e => e is HttpRequestException or TaskCanceledException);
        if (up.Met)
            return;
        throw new TimeoutException($"Lodestar's beacon node did not answer on {BeaconUrl} before its genesis: {Tail("beacon.log")}");
    }

    /// <summary>A validator client whose beacon node and external signer are both <paramref name="coordinator"/> (its validator-client URL).</summary>
    public void StartValidatorClient(int number, Uri coordinator)
    {
        var dir = Directory.CreateDirectory(Path.Combine(workDir, $"validator-{number}")).FullName;
        var url = coordinator.ToString().TrimEnd('/');
        var info = Info(dir, ["validator", .. ChainParams, "--server", url, "--externalSigner.url", url, "--externalSigner.fetch",
            "--dataDir", Path.Combine(dir, "data")]);
        _validatorClients[number] = children.Start(info, Path.Combine(workDir, $"validator-{number}.log"));
    }

    public void KillValidatorClient(int number)
    {
        if (_validatorClients.Remove(number, out var process))
            ChildProcesses.Crash(process);
    }

    public async Task<ulong> FinalizedEpochAsync(CancellationToken ct)
    {
        try
        {
            using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri(BeaconUrl, "/eth/v1/beacon/states/head/finality_checkpoints"), ct));
            return ulong.Parse(document.RootElement.GetProperty("data").GetProperty("finalized").GetProperty("epoch").GetString()!, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            return 0;
        }
    }

    /// <summary>Slashings the beacon node has seen (its operation pools): any is a slashable pair signed by someone.</summary>
    public async Task<int> PooledSlashingsAsync(CancellationToken ct)
    {
        var count = 0;
        foreach (var pool in new[] { "attester_slashings", "proposer_slashings" })
        {
            using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri(BeaconUrl, $"/eth/v1/beacon/pool/{pool}"), ct));
            count += document.RootElement.GetProperty("data").GetArrayLength();
        }
        return count;
    }

    public async Task<string> HeadSlotAsync(CancellationToken ct)
    {
        try
        {
            using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri(BeaconUrl, "/eth/v1/beacon/headers/head"), ct));
            return document.RootElement.GetProperty("data").GetProperty("header").GetProperty("message").GetProperty("slot").GetString()!;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            return "?";
        }
    }

    public string Tail(string log, int lines = 8)
    {
        var path = Path.Combine(workDir, log);
        return File.Exists(path) ? string.Join(" | ", File.ReadLines(path).TakeLast(lines)) : "(no log)";
    }

    private ProcessStartInfo Info(string dir, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(Lodestar) { WorkingDirectory = dir };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        info.Environment["LODESTAR_PRESET"] = "minimal";
        return info;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
