using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dvt.Signer.Tests.Cluster;

namespace Dvt.Signer.Bench;

/// <summary>
/// A whole attestation duty at n = 4 (3-of-4) over real loopback HTTP between in-process coordinators: every holder's
/// validator client asks its coordinator for the slot's attestation data (QBFT decides it, each holder proposing its
/// own beacon node's data, the beacon nodes disagreeing on the head), then one client asks for the signature (partials
/// from the holders, each gated on the decision and slashing-checked, combined and verified). Printed beside the
/// parts measured in the same run: the decision alone, the plain threshold path on a cluster without duty consensus,
/// and the blst floor (t partial signs + verifies, combine, verify).
/// </summary>
public static class WholeDutyBench
{
    public static async Task RunAsync(int warmup, int measured)
    {
        var beaconNodes = new List<FaultInjectingBeaconNode>();
        for (var i = 1; i <= 4; i++)
            beaconNodes.Add(await FaultInjectingBeaconNode.StartAsync(i));
        try
        {
            await using var cluster = await SignerCluster.StartAsync(3, 4, recordLogs: false, beaconNodeOf: id => beaconNodes[(int)id - 1].Url);
            await using var plain = await SignerCluster.StartAsync(3, 4, recordLogs: false);
            var validator = cluster.Validators[0];
            var key = SignRequestBodies.Hex(validator.Set.PublicKey.Span);
            var plainKey = SignRequestBodies.Hex(plain.Validators[0].Set.PublicKey.Span);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            var whole = new LatencySample();
            var decide = new LatencySample();
            var sign = new LatencySample();
            var plainSign = new LatencySample();
            var floor = new LatencySample();
            // One slot per epoch (minimal preset: 8 slots), so each vote has a new target and no vote is a double vote.
            for (var k = 0; k < warmup + measured; k++)
            {
                var epoch = (ulong)k + 6;
                var slot = epoch * 8 + 1;
                var started = Stopwatch.GetTimestamp();
                var data = await Task.WhenAll(cluster.Nodes.Select(node => AttestationDataAsync(http, node, slot)));
                var decided = Stopwatch.GetElapsedTime(started);
                var (status, body, _) = await cluster.Node(1).SignAsync(key, AttestationBody(data[0]));
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (status != 200)
                    throw new InvalidOperationException($"whole duty, slot {slot}: HTTP {status}: {body}");
                var plainStarted = Stopwatch.GetTimestamp();
                var plainAnswer = await plain.Node(1).SignAsync(plainKey, SignRequestBodies.Attestation(epoch - 1, epoch));
                var plainElapsed = Stopwatch.GetElapsedTime(plainStarted);
                if (plainAnswer.Status != 200)
                    throw new InvalidOperationException($"plain threshold path: HTTP {plainAnswer.Status}: {plainAnswer.Body}");
                var floorElapsed = CryptoFloor.TimeOnce(validator, 3);
                if (k < warmup)
                    continue;
                whole.Add(elapsed);
                decide.Add(decided);
                sign.Add(elapsed - decided);
                plainSign.Add(plainElapsed);
                floor.Add(floorElapsed);
            }
            Console.WriteLine($"whole attestation duty, 3-of-4, {measured} slots (after {warmup} warm-up), every holder's client asking for the data");
            Console.WriteLine($"{"figure",-52} {"p50 ms",8} {"p99 ms",8}");
            Console.WriteLine($"{"whole duty (decide + partials + combine)",-52} {whole.Percentile(50),8:F2} {whole.Percentile(99),8:F2}");
            Console.WriteLine($"{"  of which: decision (4 data requests, QBFT)",-52} {decide.Percentile(50),8:F2} {decide.Percentile(99),8:F2}");
            Console.WriteLine($"{"  of which: gated threshold signature",-52} {sign.Percentile(50),8:F2} {sign.Percentile(99),8:F2}");
            Console.WriteLine($"{"floor: plain threshold path (no duty consensus)",-52} {plainSign.Percentile(50),8:F2} {plainSign.Percentile(99),8:F2}");
            Console.WriteLine($"{"floor: blst, 3 partial signs + verifies, combine, verify",-52} {floor.Percentile(50),8:F2} {floor.Percentile(99),8:F2}");
            Console.WriteLine($"{"ratio whole / (decision + plain threshold path), p50",-52} {whole.Percentile(50) / (decide.Percentile(50) + plainSign.Percentile(50)),8:F2}");
            Console.WriteLine($"{"ratio whole / blst floor, p50",-52} {whole.Percentile(50) / floor.Percentile(50),8:F2}");
        }
        finally
        {
            foreach (var node in beaconNodes)
                await node.DisposeAsync();
        }
    }

    private static async Task<JsonNode> AttestationDataAsync(HttpClient http, SignerNode node, ulong slot)
    {
        using var response = await http.GetAsync(new Uri(node.ValidatorClientEndpoint, $"/eth/v1/validator/attestation_data?slot={slot}&committee_index=0"));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"attestation_data at operator {node.Id.Value}, slot {slot}: HTTP {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!["data"]!;
    }

    private static string AttestationBody(JsonNode data) =>
        "{\"type\":\"ATTESTATION\",\"fork_info\":" + SignRequestBodies.ForkInfo.Trim() + ",\"attestation\":" + data.ToJsonString() + "}";
}
