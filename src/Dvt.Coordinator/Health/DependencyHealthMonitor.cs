using System.Diagnostics;
using System.Globalization;
using Dvt.ContractBindings.Rpc;
using Dvt.Signer.Health;

namespace Dvt.Coordinator.Health;

/// <summary>
/// Probes the coordinator's two outside dependencies in the background and keeps their latest state for
/// /healthcheck, /metrics and the dashboard: the RPC node ("rpc-node": eth_blockNumber must answer within
/// <see cref="ProbeTimeout"/>) and, when configured, the beacon node ("beacon-node": GET /eth/v1/node/version must
/// answer 200). A stalled node is one that stops answering, so the probe bounds the wait instead of trusting the
/// RPC client's own retries. Head progress is not judged: an automine chain has no blocks while idle.
/// </summary>
public sealed class DependencyHealthMonitor : IHealthChecks, IAsyncDisposable
{
    public const string RpcNode = "rpc-node";
    public const string BeaconNode = "beacon-node";

    private readonly RpcClient rpc;
    private readonly Uri? beaconNodeUrl;
    private readonly HttpClient beaconHttp;
    private readonly TimeSpan interval;
    private readonly CancellationTokenSource stopping = new();
    private volatile IReadOnlyList<HealthCheck> current;
    private Task loop = Task.CompletedTask;

    public DependencyHealthMonitor(RpcClient rpc, Uri? beaconNodeUrl, HttpClient beaconHttp, TimeSpan interval)
    {
        this.rpc = rpc;
        this.beaconNodeUrl = beaconNodeUrl;
        this.beaconHttp = beaconHttp;
        this.interval = interval;
        List<HealthCheck> initial = [new HealthCheck(RpcNode, true, "not probed yet")];
        if (beaconNodeUrl is not null)
            initial.Add(new HealthCheck(BeaconNode, true, "not probed yet"));
        current = initial;
    }

    /// <summary>How long a dependency may take to answer a probe before it counts as stalled.</summary>
    public static TimeSpan ProbeTimeout { get; } = TimeSpan.FromSeconds(2);

    public IReadOnlyList<HealthCheck> Current() => current;

    public void Start() => loop = Task.Run(() => RunAsync(stopping.Token), CancellationToken.None);

    /// <summary>Probes every dependency once, now (the loop does this every interval).</summary>
    public async Task ProbeAsync(CancellationToken ct)
    {
        var probes = new List<Task<HealthCheck>> { ProbeRpcAsync(ct) };
        if (beaconNodeUrl is not null)
            probes.Add(ProbeBeaconAsync(beaconNodeUrl, ct));
        current = await Task.WhenAll(probes).ConfigureAwait(false);
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await ProbeAsync(ct).ConfigureAwait(false);
                await Task.Delay(interval, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<HealthCheck> ProbeRpcAsync(CancellationToken ct)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(ProbeTimeout);
        var clock = Stopwatch.StartNew();
        try
        {
            var head = await rpc.BlockNumberAsync(bounded.Token).ConfigureAwait(false);
            return new HealthCheck(RpcNode, true, $"head block {head.Value.ToString(CultureInfo.InvariantCulture)}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new HealthCheck(RpcNode, false, $"{rpc.Endpoint} stalled: eth_blockNumber not answered within {ProbeTimeout.TotalSeconds:F0} s");
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Any failure of the node or the way to it counts: the RPC layer's exception types are not this probe's business.
            return new HealthCheck(RpcNode, false, $"{rpc.Endpoint} failed eth_blockNumber after {clock.ElapsedMilliseconds} ms: {e.Message}");
        }
    }

    private async Task<HealthCheck> ProbeBeaconAsync(Uri baseUrl, CancellationToken ct)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(ProbeTimeout);
        var url = new Uri(baseUrl, "/eth/v1/node/version");
        try
        {
            using var response = await beaconHttp.GetAsync(url, bounded.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? new HealthCheck(BeaconNode, true, baseUrl.ToString())
                : new HealthCheck(BeaconNode, false, $"{url} answered HTTP {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new HealthCheck(BeaconNode, false, $"{url} not answered within {ProbeTimeout.TotalSeconds:F0} s");
        }
        catch (HttpRequestException e)
        {
            return new HealthCheck(BeaconNode, false, $"{baseUrl} unreachable: {e.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        await loop.ConfigureAwait(false);
        stopping.Dispose();
    }
}
