using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Tests.Cluster;

namespace Dvt.Signer.Bench;

/// <summary>
/// Item 5 of issue 11: one slot's attestations of many validators in one 3-of-4 cluster, every holder running the
/// validators' client (as with four Lodestar clients): each holder's client asks its coordinator for the slot's data
/// (one QBFT decision per holder set and slot, shared by every validator of the set) and then for every validator's
/// attestation signature (one partial exchange per validator's signing root, combined once and served to all four
/// clients). Printed beside the blst floor measured in the same run: the same number of validators' threshold
/// signatures (3 partial signs + verifies, combine, verify each) in-process on every core.
/// </summary>
public static class SlotOfAttestationsBench
{
    /// <param name="warmUp">Slots run first and printed, but left out of the percentiles: a freshly started process pays
    /// the JIT's tiering and the databases' first pages in its first slots, which a running coordinator has paid.</param>
    public static async Task RunAsync(int validatorCount, int slots, int warmUp)
    {
        var beaconNodes = new List<FaultInjectingBeaconNode>();
        for (var i = 1; i <= 4; i++)
            beaconNodes.Add(await FaultInjectingBeaconNode.StartAsync(i));
        try
        {
            var dealt = Stopwatch.StartNew();
            await using var cluster = await SignerCluster.StartAsync(3, 4, validatorCount: validatorCount, recordLogs: true,
                beaconNodeOf: id => beaconNodes[(int)id - 1].Url, configure: o => o with { PartialDeadline = TimeSpan.FromSeconds(30) });
            Console.WriteLine($"slot of attestations: {validatorCount} validators in one 3-of-4 cluster, {Environment.ProcessorCount} cores (cluster dealt in {dealt.Elapsed.TotalSeconds:F1} s)");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
            Console.WriteLine($"{"slot",6} {"decide ms",10} {"sign all ms",12} {"whole ms",10} {"blst floor ms",14} {"whole/floor",12} {"partials sent",14} {"cluster blst ms",16} {"whole/cluster",14} {"load (1 min)",13} {"cpu s",6} {"gc pause ms",12} {"gc 0/2",7} {"peer batches",13}");
            var wholes = new LatencySample();
            var floors = new LatencySample();
            var clusterFloors = new LatencySample();
            for (var k = 0; k < warmUp + slots; k++)
            {
                // One slot per epoch (minimal preset: 8 slots), so every slot's votes have a new target.
                var epoch = (ulong)k + 6;
                var slot = epoch * 8 + 2;
                var sentBefore = SentTotal(cluster);
                var batchesBefore = BatchesTotal(cluster);
                var cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                var gcBefore = GC.GetTotalPauseDuration();
                var gen2Before = GC.CollectionCount(2);
                var gen0Before = GC.CollectionCount(0);
                var started = Stopwatch.GetTimestamp();
                var data = await Task.WhenAll(cluster.Nodes.Select(node => AttestationDataAsync(http, node, slot)));
                var decided = Stopwatch.GetElapsedTime(started);
                var body = AttestationBody(data[0]);
                // Each holder's client signs every validator's attestation, a bounded number in flight as a client would.
                await Task.WhenAll(cluster.Nodes.Select(node => SignAllAsync(node, cluster, body)));
                var whole = Stopwatch.GetElapsedTime(started);
                var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                var floor = FloorOf(cluster.Validators);
                var clusterFloor = ClusterFloorOf(cluster.Validators);
                if (k >= warmUp)
                {
                    clusterFloors.Add(clusterFloor);
                    wholes.Add(whole);
                    floors.Add(floor);
                }
                Console.WriteLine($"{slot,6} {decided.TotalMilliseconds,10:F0} {(whole - decided).TotalMilliseconds,12:F0} {whole.TotalMilliseconds,10:F0} {floor.TotalMilliseconds,14:F0} {whole / floor,12:F1} {SentTotal(cluster) - sentBefore,14:F0} {clusterFloor.TotalMilliseconds,16:F0} {whole / clusterFloor,14:F1} {LoadAverage(),13} {cpu.TotalSeconds,6:F1} {(GC.GetTotalPauseDuration() - gcBefore).TotalMilliseconds,12:F0} {GC.CollectionCount(0) - gen0Before,3}/{GC.CollectionCount(2) - gen2Before,-3} {BatchesTotal(cluster) - batchesBefore,13:F0}{(k < warmUp ? "  warm-up, not counted" : "")}");
            }
            Console.WriteLine($"{slots} slots after {warmUp} warm-up: whole p50 {wholes.Percentile(50):F0} ms, max {wholes.Percentile(100):F0} ms; blst floor p50 {floors.Percentile(50):F0} ms; ratio p50/floor p50 {wholes.Percentile(50) / floors.Percentile(50):F1}x; cluster blst p50 {clusterFloors.Percentile(50):F0} ms, ratio {wholes.Percentile(50) / clusterFloors.Percentile(50):F1}x (load now {LoadAverage()})");
            Console.WriteLine($"target: whole <= 2000 ms (issue 11, item 5); partials sent per slot at most {validatorCount} x 12, in batches per destination holder");
        }
        finally
        {
            foreach (var node in beaconNodes)
                await node.DisposeAsync();
        }
    }

    private static async Task SignAllAsync(SignerNode node, SignerCluster cluster, string body)
    {
        using var gate = new SemaphoreSlim(256);
        await Task.WhenAll(cluster.Validators.Select(async validator =>
        {
            await gate.WaitAsync();
            try
            {
                var (status, text, _) = await node.SignAsync(SignRequestBodies.Hex(validator.Set.PublicKey.Span), body);
                if (status != 200)
                {
                    var why = string.Join(" | ", node.Logs.Lines.Where(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Warning).Take(3).Select(l => l.Message));
                    throw new InvalidOperationException($"operator {node.Id.Value}, validator {validator.Id}: HTTP {status}: {text}; first warnings: {why}");
                }
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    /// <summary>blst only: every validator's threshold signature over a fresh root, on every core.</summary>
    private static TimeSpan FloorOf(IReadOnlyList<DealtValidator> validators)
    {
        var started = Stopwatch.GetTimestamp();
        Parallel.ForEach(validators, validator => CryptoFloor.SignOnce(validator, 3, RandomNumberGenerator.GetBytes(32)));
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// blst only, the crypto the four holders do between them for one slot, done as the design does it (they share this
    /// machine's cores): at each holder, the root hashed to G2 once and its partial of every validator signed; the three
    /// partials it receives per validator decoded from the wire (uncompressed: curve and subgroup checks); t of them
    /// combined (integer Lagrange numerators: holders 1, 2, 3 need no full multiplication, other sets one); and its
    /// combined signatures verified in batches of up to 256 that share the root's Miller loop. Not a floor of
    /// threshold signing in general (roots differ in general), the cost of this slot's crypto.
    /// </summary>
    private static TimeSpan ClusterFloorOf(IReadOnlyList<DealtValidator> validators)
    {
        var root = RandomNumberGenerator.GetBytes(32);
        var holders = validators[0].Shares.Count;
        var started = Stopwatch.GetTimestamp();
        var hashed = Enumerable.Range(0, holders).Select(_ => HashedMessage.Of(root)).ToArray();
        var own = new PartialSignature[validators.Count][];
        var wire = new byte[validators.Count][][];
        Parallel.For(0, validators.Count, v =>
        {
            own[v] = validators[v].Shares.Select((share, h) => share.Sign(hashed[h])).ToArray();
            wire[v] = own[v].Select(p => p.Signature.ToUncompressed()).ToArray();
        });
        var combined = new BlsSignature[holders, validators.Count];
        Parallel.For(0, holders * validators.Count, k =>
        {
            int h = k / validators.Count, v = k % validators.Count;
            var received = Enumerable.Range(0, holders).Where(o => o != h)
                .Select(o => new PartialSignature(own[v][o].Index, BlsSignature.DecodeUncompressed(wire[v][o]))).ToList();
            combined[h, v] = ThresholdSigning.Combine([own[v][h], received[0], received[1]], 3);
        });
        const int batch = 256;
        var chunks = (validators.Count + batch - 1) / batch;
        Parallel.For(0, holders * chunks, k =>
        {
            int h = k / chunks, c = k % chunks;
            var sets = Enumerable.Range(c * batch, Math.Min(batch, validators.Count - c * batch))
                .Select(v => new BlsSignatureSet(validators[v].Set.PublicKey, root, combined[h, v])).ToList();
            if (!BlsAggregation.BatchVerify(sets))
                throw new InvalidOperationException("cluster floor: the combined signatures do not verify");
        });
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>The machine's 1-minute load average (Linux), printed beside each figure: the cores are shared.</summary>
    private static string LoadAverage()
        => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static double SentTotal(SignerCluster cluster)
        => cluster.Nodes.Sum(node => cluster.Nodes.Where(o => o != node)
            .Sum(o => node.Services.Metrics.PartialsSent.WithLabels(o.Id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Value));

    private static double BatchesTotal(SignerCluster cluster)
        => cluster.Nodes.Sum(node => cluster.Nodes.Where(o => o != node)
            .Sum(o => node.Services.Metrics.PeerBatchItems.WithLabels(o.Id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Count));

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
