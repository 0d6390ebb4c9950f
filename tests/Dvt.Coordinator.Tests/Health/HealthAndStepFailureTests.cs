using Dvt.Coordinator.Devnet;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dvt.Coordinator.Tests.Daemon;
using Xunit.Abstractions;

namespace Dvt.Coordinator.Tests.Health;

/// <summary>
/// /healthcheck and /metrics tell the truth about the outside: an unreachable beacon node and a stalled RPC node
/// (anvil stopped with SIGSTOP: it accepts connections and never answers) make the coordinator DEGRADED, naming
/// which; the failed passes are counted; and health comes back when the node does.
/// </summary>
public sealed partial class HealthAndStepFailureTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_stalled_rpc_node_and_an_unreachable_beacon_node_are_named_in_healthcheck_and_failed_passes_are_counted()
    {
        await using var cluster = await TestCluster.StartAsync();
        var closedPort = ClosedPort();
        var node = await cluster.AddOperatorAsync(new OperatorSetup { ExtraConfig = new JsonObject { ["beaconNodeUrl"] = $"http://127.0.0.1:{closedPort}" } });
        await node.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.ValidatorClientPort}"), Timeout = TimeSpan.FromSeconds(5) };
        var stopped = false;
        try
        {
            // The beacon node is unreachable from the start; the RPC node answers.
            var health = await WaitForHealthAsync(http, h => Check(h, "beacon-node")?["status"]?.GetValue<string>() == "DOWN"
                && Check(h, "rpc-node")?["status"]?.GetValue<string>() == "UP", "beacon-node DOWN, rpc-node UP");
            Assert.Equal("DEGRADED", health.Body["status"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.Status);
            Assert.Contains($"127.0.0.1:{closedPort}", Check(health.Body, "beacon-node")!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains("dvt_coordinator_dependency_up{dependency=\"beacon-node\"} 0", await http.GetStringAsync("/metrics"), StringComparison.Ordinal);
            Assert.Equal(0, PassFailures(await http.GetStringAsync("/metrics")));

            // The RPC node stalls: it keeps its port open and answers nothing.
            Signal("STOP", cluster.Anvil.ProcessId);
            stopped = true;
            health = await WaitForHealthAsync(http, h => Check(h, "rpc-node")?["status"]?.GetValue<string>() == "DOWN", "rpc-node DOWN");
            Assert.Equal("DEGRADED", health.Body["status"]!.GetValue<string>());
            Assert.Contains("stalled", Check(health.Body, "rpc-node")!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            await DevnetCluster.WaitUntilAsync(async () => PassFailures(await http.GetStringAsync("/metrics")) > 0, Bound,
                "dvt_coordinator_step_failures_total{scope=\"pass\"} above 0");
            Assert.Contains(node.Log, l => l.Contains("coordinator step failed", StringComparison.Ordinal));

            // Back: the RPC node answers again and its check is UP (the beacon node is still missing).
            Signal("CONT", cluster.Anvil.ProcessId);
            stopped = false;
            await WaitForHealthAsync(http, h => Check(h, "rpc-node")?["status"]?.GetValue<string>() == "UP", "rpc-node UP again");
            Assert.Contains("dvt_coordinator_dependency_up{dependency=\"rpc-node\"} 1", await http.GetStringAsync("/metrics"), StringComparison.Ordinal);
        }
        catch
        {
            foreach (var line in node.Log.TakeLast(40))
                output.WriteLine(line);
            throw;
        }
        finally
        {
            if (stopped)
                Signal("CONT", cluster.Anvil.ProcessId);
        }
    }

    private static JsonNode? Check(JsonNode health, string id) =>
        health["checks"]!.AsArray().FirstOrDefault(c => c!["id"]!.GetValue<string>() == id);

    private static async Task<(HttpStatusCode Status, JsonNode Body)> WaitForHealthAsync(HttpClient http, Func<JsonNode, bool> condition, string what)
    {
        (HttpStatusCode, JsonNode) last = default;
        await DevnetCluster.WaitUntilAsync(async () =>
        {
            using var response = await TryGetAsync(http, "/healthcheck");
            if (response is null)
                return false; // the listener opens once the coordinator has seen its registration
            last = (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
            return condition(last.Item2);
        }, Bound, $"/healthcheck: {what}");
        return last;
    }

    private static async Task<HttpResponseMessage?> TryGetAsync(HttpClient http, string path)
    {
        try
        {
            return await http.GetAsync(path);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static double PassFailures(string metrics)
    {
        var match = PassFailureSeries().Match(metrics);
        Assert.True(match.Success, "dvt_coordinator_step_failures_total{scope=\"pass\"} is not exposed");
        return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^dvt_coordinator_step_failures_total\{scope=""pass""\} (\S+)$", RegexOptions.Multiline)]
    private static partial Regex PassFailureSeries();

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
