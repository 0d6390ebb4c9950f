using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dvt.Consensus.Primitives;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Signing;
using Dvt.Qbft.Bench;
using Dvt.Qbft.Engine;
using Dvt.Qbft.Messages;
using Dvt.Qbft.RegistryKeys;

// Decision latency of QBFT between n in-process holders over real loopback TCP with real secp256k1 signatures,
// each beside the floor measured in the same run: the signatures and verifications on the critical path plus
// three one-way loopback hops, and the cluster's whole crypto work spread over this machine's cores.
// Usage: dotnet run -c Release --project bench/Dvt.Qbft.Bench [instances-per-n]
var instancesPerN = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var culture = CultureInfo.InvariantCulture;

Console.WriteLine($"{instancesPerN} instances per n, every holder's decision counted; floors measured just before each n (medians)");
Console.WriteLine("   n  quorum   p50 ms   p99 ms   sign µs  verify µs  recover µs  hop µs   path floor ms   cpu floor ms   p50/floor   p99/floor");
foreach (var n in new[] { 4, 7, 13 })
{
    var (signCost, verifyCost, recoverCost) = MeasureCrypto();
    var hop = await MeasureLoopbackOneWayAsync();
    var latencies = await MeasureDecisionsAsync(n, instancesPerN);
    var quorum = new HolderSet(Enumerable.Range(1, n).Select(i => new OperatorId((ulong)i))).Quorum;
    // Critical path: leader signs PRE-PREPARE; a holder verifies it, signs PREPARE; verifies q - 1 PREPAREs, signs COMMIT;
    // verifies q - 1 COMMITs; three hops.
    var path = 3 * signCost + (1 + 2 * (quorum - 1)) * verifyCost + 3 * hop;
    // The crypto every holder must do before it can decide (1 + 2 (q - 1) verifications, 2 signatures; the leader one
    // more), spread over the cores. The verifications of messages beyond a quorum are not counted, though a holder
    // that receives them first spends that time too.
    var cpu = ((2 * n + 1) * signCost + n * (1 + 2 * (quorum - 1)) * verifyCost) / Environment.ProcessorCount;
    var floor = Math.Max(path, cpu);
    latencies.Sort();
    var p50 = latencies[latencies.Count / 2];
    var p99 = latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(latencies.Count * 0.99) - 1)];
    Console.WriteLine(string.Create(culture,
        $"{n,4} {quorum,7} {p50,8:F2} {p99,8:F2} {Us(signCost),9} {Us(verifyCost),10} {Us(recoverCost),11} {Us(hop),7} {path,15:F2} {cpu,14:F2} {p50 / floor,11:F2} {p99 / floor,11:F2}"));
}

static string Us(double ms) => (ms * 1000).ToString("F0", CultureInfo.InvariantCulture);

static (double Sign, double Verify, double Recover) MeasureCrypto()
{
    // Medians of single operations: on a shared machine a mean would mostly measure the other processes.
    using var key = EthereumPrivateKey.Generate();
    using var signer = new OperatorKeyMessageSigner(new OperatorId(1), key);
    var address = key.Address;
    const int count = 400;
    var digests = Enumerable.Range(0, count).Select(i => Sha256Digest.Of(BitConverter.GetBytes(i))).ToArray();
    var signatures = new MessageSignature[count];
    for (var i = 0; i < 20; i++)
        signer.Sign(digests[i]);
    var signs = new List<double>();
    for (var i = 0; i < count; i++)
    {
        var watch = Stopwatch.StartNew();
        signatures[i] = signer.Sign(digests[i]);
        signs.Add(watch.Elapsed.TotalMilliseconds);
    }
    var recoveries = new List<double>();
    for (var i = 0; i < 30; i++)
    {
        using var fresh = new RegisteredAddressMessageVerifier(_ => address);
        var watch = Stopwatch.StartNew();
        if (!fresh.IsSignedBy(new OperatorId(1), digests[i], signatures[i]))
            throw new InvalidOperationException("a fresh signature did not verify");
        recoveries.Add(watch.Elapsed.TotalMilliseconds);
    }
    using var verifier = new RegisteredAddressMessageVerifier(_ => address);
    verifier.IsSignedBy(new OperatorId(1), digests[0], signatures[0]);
    var verifies = new List<double>();
    for (var i = 0; i < count; i++)
    {
        var watch = Stopwatch.StartNew();
        if (!verifier.IsSignedBy(new OperatorId(1), digests[i], signatures[i]))
            throw new InvalidOperationException("a signature did not verify");
        verifies.Add(watch.Elapsed.TotalMilliseconds);
    }
    return (Median(signs), Median(verifies), Median(recoveries));
}

static double Median(List<double> samples)
{
    samples.Sort();
    return samples[samples.Count / 2];
}

static async Task<double> MeasureLoopbackOneWayAsync()
{
    var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    using var client = new TcpClient { NoDelay = true };
    var accept = listener.AcceptTcpClientAsync();
    await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
    using var server = await accept;
    server.NoDelay = true;
    var frame = new byte[4 + 400];
    BinaryPrimitives.WriteUInt32BigEndian(frame, 400);
    var echo = Task.Run(async () =>
    {
        var stream = server.GetStream();
        var buffer = new byte[frame.Length];
        for (var i = 0; i < 1100; i++)
        {
            await stream.ReadExactlyAsync(buffer);
            await stream.WriteAsync(buffer);
        }
    });
    var samples = new List<double>();
    var clientStream = client.GetStream();
    var reply = new byte[frame.Length];
    for (var i = 0; i < 1100; i++)
    {
        var watch = Stopwatch.StartNew();
        await clientStream.WriteAsync(frame);
        await clientStream.ReadExactlyAsync(reply);
        if (i >= 100)
            samples.Add(watch.Elapsed.TotalMilliseconds);
    }
    await echo;
    listener.Stop();
    samples.Sort();
    return samples[samples.Count / 2] / 2;
}

static async Task<List<double>> MeasureDecisionsAsync(int n, int instances)
{
    var keys = Enumerable.Range(1, n).Select(_ => EthereumPrivateKey.Generate()).ToArray();
    var ids = Enumerable.Range(1, n).Select(i => new OperatorId((ulong)i)).ToArray();
    var addresses = ids.Zip(keys).ToDictionary(p => p.First, p => p.Second.Address);
    var holders = new HolderSet(ids);
    var directory = new SingleHolderSet(holders);
    var options = new QbftOptions { RoundTimeoutBase = TimeSpan.FromSeconds(2), RoundTimeoutIncrement = TimeSpan.FromSeconds(1) };
    var nodes = new List<LoopbackNode>();
    var disposables = new List<IDisposable>();
    for (var i = 0; i < n; i++)
    {
        var signer = new OperatorKeyMessageSigner(ids[i], keys[i]);
        var verifier = new RegisteredAddressMessageVerifier(op => addresses.TryGetValue(op, out var a) ? a : null);
        disposables.Add(signer);
        disposables.Add(verifier);
        nodes.Add(new LoopbackNode(new QbftEngine(signer, verifier, new AcceptAll(), directory, StopwatchClockHolder.Clock, options)));
    }
    var ports = nodes.ToDictionary(node => node.Operator, node => node.Port);
    foreach (var node in nodes)
        await node.ConnectAsync(ports);

    var latencies = new List<double>();
    var warmup = Math.Max(10, instances / 10);
    for (var k = 0; k < warmup + instances; k++)
    {
        var instance = new InstanceId(holders.Id, DutyType.Attester, new Slot(1_000_000 + (ulong)k));
        var decided = new TaskCompletionSource();
        var remaining = n;
        var times = new double[n];
        var start = StopwatchClockHolder.Clock.Now;
        var handlers = new List<(LoopbackNode, Action<QbftDecision>)>();
        for (var i = 0; i < n; i++)
        {
            var index = i;
            Action<QbftDecision> handler = d =>
            {
                if (d.Instance != instance)
                    return;
                times[index] = (StopwatchClockHolder.Clock.Now - start).TotalMilliseconds;
                if (Interlocked.Decrement(ref remaining) == 0)
                    decided.TrySetResult();
            };
            nodes[i].Decided += handler;
            handlers.Add((nodes[i], handler));
        }
        var value = System.Text.Encoding.UTF8.GetBytes($"attestation data for slot {instance.Slot}, 128 bytes of SSZ in production".PadRight(128));
        foreach (var node in nodes)
            node.Start(instance, value);
        if (await Task.WhenAny(decided.Task, Task.Delay(TimeSpan.FromSeconds(30))) != decided.Task)
            throw new TimeoutException($"n={n}: instance {k} did not decide at every holder within 30 s");
        foreach (var (node, handler) in handlers)
            node.Decided -= handler;
        if (k >= warmup)
            latencies.AddRange(times);
    }
    foreach (var node in nodes)
        await node.DisposeAsync();
    foreach (var d in disposables)
        d.Dispose();
    foreach (var key in keys)
        key.Dispose();
    return latencies;
}

internal sealed class SingleHolderSet(HolderSet holders) : IHolderSetDirectory
{
    public HolderSet? Find(Sha256Digest holderSetId) => holderSetId == holders.Id ? holders : null;
}

/// <summary>The benchmark measures consensus, not the coordinator's validity checks.</summary>
internal sealed class AcceptAll : IValueValidator
{
    public ValueJudgement Judge(InstanceId instance, ReadOnlySpan<byte> value) => ValueJudgement.Valid;
}
