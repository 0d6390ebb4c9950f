using System.Diagnostics;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Transactions;

namespace Dvt.Coordinator.Bench;

/// <summary>
/// Many validators requested by one owner of a 3-of-4 cluster, then the coordinators started: time until all are
/// deposited, and each daemon's CPU time and memory (from /proc).
/// </summary>
internal static class ClusterThroughput
{
    public sealed record Result(int Validators, TimeSpan ToAllReady, TimeSpan ToAllDeposited, IReadOnlyList<ProcessUsage> Usage, TimeSpan FloorPerValidatorTx, double RawTransactionsPerSecond);

    public static async Task<Result> RunAsync(int validators, byte keyGeneration)
    {
        await using var cluster = await BenchCluster.StartAsync(4, null);
        var owner = cluster.Operators[0];
        var credentials = BenchCluster.Credentials(owner.Sender!.Address);
        // Requests go in before the daemons start, so the owner's account is not shared while they run.
        var requests = new List<Task>();
        for (var i = 0; i < validators; i++)
            requests.Add(owner.Sender!.SubmitAsync(new Dvt.ContractBindings.Transactions.TransactionRequest(owner.Address,
                RequestCall(keyGeneration, credentials), BenchCluster.DepositAmount, 600_000)));
        await Task.WhenAll(requests);
        while (await cluster.Reader.ValidatorCountAsync() < (ulong)validators)
            await Task.Delay(50);

        var clock = Stopwatch.StartNew();
        await cluster.StartCoordinatorsAsync();
        TimeSpan? ready = null;
        while (true)
        {
            byte[] statuses;
            try
            {
                statuses = await StatusesAsync(cluster, validators);
            }
            catch (Exception e) when (e is Dvt.ContractBindings.Rpc.RpcTransportException)
            {
                // anvil busy with the coordinators' transactions did not answer this poll in time: ask again.
                continue;
            }
            if (ready is null && statuses.All(s => s >= 2))
                ready = clock.Elapsed;
            if (statuses.All(s => s >= 3))
                break;
            if (clock.Elapsed > TimeSpan.FromMinutes(20))
                throw new TimeoutException($"{statuses.Count(s => s >= 3)} of {validators} deposited after 20 minutes");
            await Task.Delay(200);
        }
        var all = clock.Elapsed;
        var usage = cluster.Processes.Select(p => ProcessUsage.Read(p.Id)).ToArray();
        await cluster.StopCoordinatorsAsync();
        var rate = await RawTransactionRateAsync(cluster, validators);
        var floorClock = Stopwatch.StartNew();
        await ChainFloor.MeasureAsync(cluster, 1, 1);
        return new Result(validators, ready ?? all, all, usage, floorClock.Elapsed / 3, rate);
    }

    /// <summary>Every validator's status at the head, in batched view calls (polling must not load the chain it measures).</summary>
    private static async Task<byte[]> StatusesAsync(BenchCluster cluster, int validators)
    {
        var batch = cluster.Reader.NewBatch(BlockTag.Latest);
        var views = Enumerable.Range(1, validators).Select(id => batch.GetValidatorAsync((ulong)id)).ToArray();
        await batch.ExecuteAsync();
        var statuses = new byte[validators];
        for (var i = 0; i < validators; i++)
            statuses[i] = (await views[i]).Status;
        return statuses;
    }

    /// <summary>
    /// The floor: anvil's raw transaction throughput in this run. The four operator accounts each submit
    /// <paramref name="validators"/> / 2 plain transfers back to back (as the coordinators send, several accounts at
    /// once), then all receipts are awaited; transactions per second.
    /// </summary>
    private static async Task<double> RawTransactionRateAsync(BenchCluster cluster, int validators)
    {
        var senders = new List<TransactionSender>();
        foreach (var account in cluster.Accounts)
            senders.Add(await TransactionSender.CreateAsync(cluster.Rpc, account));
        var perSender = Math.Max(50, validators / 2);
        var clock = Stopwatch.StartNew();
        var submitted = await Task.WhenAll(senders.Select(async s =>
        {
            var hashes = new List<Hash32>();
            for (var i = 0; i < perSender; i++)
                hashes.Add((await s.SubmitAsync(new TransactionRequest(s.Address, [], new UInt256(1), 21_000))).Hash);
            return (Sender: s, Hashes: hashes);
        }));
        foreach (var (sender, hashes) in submitted)
        {
            foreach (var hash in hashes)
                await sender.WaitForReceiptAsync(hash, CancellationToken.None);
        }
        return senders.Count * perSender / clock.Elapsed.TotalSeconds;
    }

    private static byte[] RequestCall(byte keyGeneration, Hash32 credentials) =>
        Dvt.ContractBindings.Contracts.DvtRegistryContract.Abi.Function("requestValidator").EncodeCall((byte)1, keyGeneration, credentials);
}
