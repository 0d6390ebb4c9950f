using System.Diagnostics;
using Dvt.Signer.Bench;
using Dvt.Signer.Tests.Cluster;
using ProtectedKey = Dvt.SlashingProtection.ValidatorPublicKeyBytes;

// Sign latency and throughput of real in-process clusters over loopback HTTP, each beside the cryptographic
// floor measured in the same run. Asker: the owner (operator 1), so the recovery scenario is reachable.
const int Warmup = 50;
const int Requests = 200;

// `duty`: only the whole-duty figure (decide + partials + combine at n = 4) beside its floors.
if (args.Length > 0 && args[0] == "duty")
{
    await WholeDutyBench.RunAsync(warmup: 10, measured: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100);
    return;
}

// `slot [validators] [slots] [warm-up slots]`: one slot's attestations of many validators in one 3-of-4 cluster (issue 11,
// item 5); the warm-up slots (default 2) run first and are printed, but not counted.
if (args.Length > 0 && args[0] == "slot")
{
    await SlotOfAttestationsBench.RunAsync(
        validatorCount: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000,
        slots: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5,
        warmUp: args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 2);
    return;
}

Console.WriteLine($"Dvt.Signer.Bench: {Environment.ProcessorCount} cores, {Requests} sequential attestations per scenario (after {Warmup} warm-up)");
// Warm-up on a throwaway cluster through every path, so tiered JIT has finished before anything is timed.
await using (var warmup = await SignerCluster.StartAsync(3, 4, validatorCount: 1, recordLogs: false))
{
    var warmKey = SignRequestBodies.Hex(warmup.Validators[0].Set.PublicKey.Span);
    var warmEpoch = 1UL;
    foreach (var down in new[] { 0, 1, 2, 0 })
    {
        warmup.HealAll();
        warmup.Isolate(1, Enumerable.Range(4 - down + 1, down).Select(i => (ulong)i));
        for (var i = 0; i < 120; i++)
        {
            await warmup.Node(1).SignAsync(warmKey, SignRequestBodies.Attestation(0, warmEpoch++));
            CryptoFloor.TimeOnce(warmup.Validators[0], 3);
        }
    }
    await Task.Delay(500);
}

Console.WriteLine();
Console.WriteLine($"{"scenario",-44} {"p50 ms",8} {"p99 ms",8} {"floor p50",10} {"ratio",7}");

foreach (var (t, n) in new[] { (3, 4), (5, 7) })
{
    var f = (n - 1) / 3;
    await using var cluster = await SignerCluster.StartAsync(t, n, validatorCount: 1, recordLogs: false,
        configure: o => o with { PartialDeadline = TimeSpan.FromSeconds(2) });
    await RegisterAsync(cluster);
    var validator = cluster.Validators[0];
    var key = SignRequestBodies.Hex(validator.Set.PublicKey.Span);
    var epoch = 1UL;

    var scenarios = new List<(string Name, int Down)> { ("all up", 0), ("1 holder down", 1) };
    if (f > 1)
        scenarios.Add(($"f = {f} holders down", f));
    scenarios.Add(($"f + 1 = {f + 1} holders down (recovery)", f + 1));

    foreach (var (name, down) in scenarios)
    {
        cluster.HealAll();
        cluster.Isolate(1, Enumerable.Range(n - down + 1, down).Select(i => (ulong)i));
        // Interleaved: each request is followed by one floor operation, so both see the same machine load.
        var sample = new LatencySample();
        var floor = new LatencySample();
        for (var i = 0; i < Warmup + Requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var (status, body, _) = await cluster.Node(1).SignAsync(key, SignRequestBodies.Attestation(0, epoch++));
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (status != 200)
                throw new InvalidOperationException($"{t}-of-{n} {name}: HTTP {status}: {body}");
            var floorElapsed = CryptoFloor.TimeOnce(validator, t);
            if (i >= Warmup)
            {
                sample.Add(elapsed);
                floor.Add(floorElapsed);
            }
        }
        Console.WriteLine($"{$"{t}-of-{n} {name}",-44} {sample.Percentile(50),8:F2} {sample.Percentile(99),8:F2} {floor.Percentile(50),10:F2} {sample.Percentile(50) / floor.Percentile(50),6:F2}x");
    }
    var recoveries = cluster.Node(1).Services.Metrics.RecoveryKeyUses.WithLabels("ATTESTATION").Value;
    Console.WriteLine($"{"",-44} (recovery key uses counted: {recoveries})");
}

Console.WriteLine();
const int Validators = 1000;
const int Concurrency = 64;
await using (var cluster = await SignerCluster.StartAsync(3, 4, validatorCount: Validators, recordLogs: false,
    configure: o => o with { PartialDeadline = TimeSpan.FromSeconds(10) }))
{
    await RegisterAsync(cluster);
    // Warm the connection pools and the code paths on a few validators first (their target-1 vote is then a repeat).
    foreach (var validator in cluster.Validators.Take(Concurrency))
        await cluster.Node(1).SignAsync(SignRequestBodies.Hex(validator.Set.PublicKey.Span), SignRequestBodies.Attestation(0, 1));

    var next = -1;
    var failures = 0;
    var started = Stopwatch.GetTimestamp();
    await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < Validators)
        {
            var validator = cluster.Validators[i];
            var asker = cluster.Nodes[i % cluster.Nodes.Count];
            var (status, _, _) = await asker.SignAsync(SignRequestBodies.Hex(validator.Set.PublicKey.Span), SignRequestBodies.Attestation(1, 2));
            if (status != 200)
                Interlocked.Increment(ref failures);
        }
    }));
    var perSecond = Validators / Stopwatch.GetElapsedTime(started).TotalSeconds;
    if (failures > 0)
        throw new InvalidOperationException($"{failures} of {Validators} attestations failed");
    var floor = CryptoFloor.Throughput(cluster.Validators, 3);
    Console.WriteLine($"{"throughput",-44} {"att/s",8} {"",8} {"floor",10} {"ratio",7}");
    Console.WriteLine($"{$"3-of-4, {Validators} validators, {Concurrency} in flight",-44} {perSecond,8:F0} {"",8} {floor,10:F0} {floor / perSecond,6:F2}x slower");
}

// Steady state: a coordinator registers its keys with slashing protection when it loads them, not on first use.
static async Task RegisterAsync(SignerCluster cluster)
{
    foreach (var node in cluster.Nodes)
    {
        var index = (int)node.Id.Value - 1;
        var keys = cluster.Validators.Select(v => new ProtectedKey(v.Shares[index].PublicShare.PublicKey.Span));
        if (node.Id == SignerCluster.Owner)
            keys = keys.Concat(cluster.Validators.Select(v => new ProtectedKey(v.Set.PublicKey.Span)));
        await node.Store.RegisterValidatorsAsync(keys.ToList());
    }
}
