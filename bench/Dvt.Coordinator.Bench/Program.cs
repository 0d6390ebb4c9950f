using System.Globalization;
using Dvt.Coordinator.Bench;

// Coordinator bench: validator entry latency (request -> key ready -> deposit) for n = 4, 7, 13 with anvil automine and
// 1 s blocks, each beside the raw chain floor of the same transaction waves measured in the same run; then one 3-of-4
// cluster making many validators ready, with each daemon's CPU and memory.
//   dotnet run -c Release --project bench/Dvt.Coordinator.Bench [-- --validators 1000] [--quick] [--cluster-only] [--keep-logs]
var validators = 200;
var quick = false;
var clusterOnly = false;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--validators" && i + 1 < args.Length)
        validators = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--quick")
        quick = true;
    else if (args[i] == "--cluster-only")
        clusterOnly = true;
    else if (args[i] == "--keep-logs")
        BenchCluster.KeepLogs = true;
    else
        throw new ArgumentException($"unknown argument {args[i]} (use --validators N, --quick, --cluster-only, --keep-logs)");
}

static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);

Console.WriteLine($"machine: {Environment.ProcessorCount} cores; coordinators are `dvt coordinator run` processes, poll 100 ms, 0 confirmations");
Console.WriteLine();
if (!clusterOnly)
{
    Console.WriteLine("validator entry (one validator; blocks and wall time from the requestValidator block)");
    Console.WriteLine("  floor-blk: automine mines each transaction in its own block, so a round needs (dealers + receivers) blocks, +1 for the deposit;");
    Console.WriteLine("  with 1 s blocks, one block per dependent wave (deals, acks, deposit). floor-ms: the same waves as plain transfers, this run.");
    Console.WriteLine("  n  keygen blocks    | blk->ready floor-blk  ms->ready floor-ms ratio | blk->deposit floor-blk ms->deposit floor-ms ratio");
    var cases = new List<(int N, byte Mode, byte KeyGen, int? BlockTime)>();
    foreach (var (n, mode) in new[] { (4, (byte)1), (7, (byte)2), (13, (byte)4) })
    {
        cases.Add((n, mode, 1, null));
        cases.Add((n, mode, 2, null));
        if (!quick)
            cases.Add((n, mode, 2, 1));
    }
    foreach (var c in cases)
    {
        var r = await EntryLatency.RunAsync(c.N, c.Mode, c.KeyGen, c.BlockTime);
        var dealers = c.KeyGen == 2 ? c.N : 1;
        var floorReady = c.BlockTime is null ? dealers + c.N : 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {r.N,2} {r.KeyGeneration,-6} {r.Blocks,-9} | {r.BlocksToReady,10} {floorReady,9} {Ms(r.ToReady),10} {Ms(r.FloorToReady),8} {r.ToReady / r.FloorToReady,5:F1} | {r.BlocksToDeposit,12} {floorReady + 1,9} {Ms(r.ToDeposit),10} {Ms(r.FloorToDeposit),8} {r.ToDeposit / r.FloorToDeposit,5:F1}"));
    }
}

Console.WriteLine();
Console.WriteLine($"cluster throughput: {validators} validators requested (3-of-4, split), then the 4 coordinators started");
var t = await ClusterThroughput.RunAsync(validators, 1);
// Floor: the transactions the validators need (the holders' draw, a deal and four acks to be ready, then the deposit)
// at anvil's raw transaction throughput, measured in this run with the same accounts.
var readyFloor = TimeSpan.FromSeconds(validators * 6 / t.RawTransactionsPerSecond);
var depositFloor = TimeSpan.FromSeconds(validators * 7 / t.RawTransactionsPerSecond);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  anvil raw transaction throughput (plain transfers, 4 accounts at once, at most 32 unconfirmed each, this run): {t.RawTransactionsPerSecond:F0} tx/s ({t.FloorNudges} evm_mine nudges of a stalled pool)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  {validators} validators' keys on chain after {t.ToAllKeysOnChain.TotalSeconds:F1} s (every round completed: status Ready)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  {validators} validators ready after {t.ToAllReady.TotalSeconds:F1} s (every key served by every holder's Web3Signer API)   floor ({validators * 6} transactions at the raw rate) {readyFloor.TotalSeconds:F1} s   ratio {t.ToAllReady / readyFloor:F1}x"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  {validators} validators deposited after {t.ToAllDeposited.TotalSeconds:F1} s   floor ({validators * 7} transactions at the raw rate) {depositFloor.TotalSeconds:F1} s   ratio {t.ToAllDeposited / depositFloor:F1}x ({t.ToAllDeposited.TotalMilliseconds / validators:F1} ms per validator; one dependent transaction alone {t.FloorPerValidatorTx.TotalMilliseconds:F1} ms)"));
for (var i = 0; i < t.Usage.Count; i++)
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  daemon {i + 1}: CPU {t.Usage[i].Cpu.TotalSeconds:F1} s ({t.Usage[i].Cpu.TotalMilliseconds / validators:F1} ms per validator), RSS {t.Usage[i].RssKiB / 1024} MiB, peak {t.Usage[i].PeakRssKiB / 1024} MiB"));
