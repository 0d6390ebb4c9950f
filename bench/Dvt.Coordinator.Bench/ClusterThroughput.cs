using Dvt.Coordinator.Devnet;
using System.Diagnostics;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Transactions;

namespace Dvt.Coordinator.Bench;

/// <summary>
/// Many validators requested by one owner of a 3-of-4 cluster, then the coordinators started: time until all are
/// deposited, and each daemon's CPU time and memory (from /proc).
/// </summary>
internal static class ClusterThroughput
{
    public sealed record Result(int Validators, TimeSpan ToAllKeysOnChain, TimeSpan ToAllReady, TimeSpan ToAllDeposited, IReadOnlyList<ProcessUsage> Usage, TimeSpan FloorPerValidatorTx, double RawTransactionsPerSecond, int FloorNudges);

    public static async Task<Result> RunAsync(int validators, byte keyGeneration)
    {
        await using var cluster = await BenchCluster.StartAsync(4, null);
        var owner = await cluster.OwnerAsync();
        var credentials = Cli.Validators.WithdrawalCredentials.ForAddress(owner.Sender!.Address);
        // Requests go in before the daemons start, so the owner's account is not shared while they run.
        var requests = new List<Task>();
        for (var i = 0; i < validators; i++)
            requests.Add(owner.Sender!.SubmitAsync(new Dvt.ContractBindings.Transactions.TransactionRequest(owner.Address,
                RequestCall(keyGeneration, credentials), BenchCluster.DepositAmount, 600_000)));
        await Task.WhenAll(requests);
        // anvil's automine can leave ready transactions in its pool when hundreds arrive together
        // (foundry-rs/foundry#10122): a count that stops moving gets an evm_mine.
        var (seen, movedAt) = (0UL, Stopwatch.StartNew());
        while (await cluster.Registry.ValidatorCountAsync() is var count && count < (ulong)validators)
        {
            if (count != seen)
                (seen, movedAt) = (count, Stopwatch.StartNew());
            else if (movedAt.Elapsed > TimeSpan.FromSeconds(2))
            {
                await cluster.Rpc.RequestAsync("evm_mine", Array.Empty<object>());
                movedAt.Restart();
            }
            await Task.Delay(50);
        }

        var clock = Stopwatch.StartNew();
        await cluster.StartCoordinatorsAsync();
        var listens = cluster.ValidatorClientListens();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        TimeSpan? onChain = null;
        TimeSpan? ready = null;
        TimeSpan? deposited = null;
        var served = 0;
        var events = new RegistryEventCount(cluster);
        while (ready is null || deposited is null)
        {
            try
            {
                await events.CatchUpAsync();
                if (onChain is null && events.Keys.Count == validators)
                    onChain = clock.Elapsed;
                if (deposited is null && events.Deposited.Count == validators)
                    deposited = clock.Elapsed;
                if (ready is null && onChain is not null)
                {
                    served = await ServedByEveryHolderAsync(http, listens, events.Keys.Values);
                    if (served == validators)
                    {
                        ready = clock.Elapsed;
                        // Printed at once: the deposits that follow can take much longer under load.
                        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                            $"  (every key served by every holder after {ready.Value.TotalSeconds:F1} s; keys on chain after {onChain!.Value.TotalSeconds:F1} s)"));
                    }
                }
            }
            catch (Exception e) when (e is Dvt.ContractBindings.Rpc.RpcTransportException or HttpRequestException or TaskCanceledException)
            {
                // anvil or a daemon busy with the coordinators' work did not answer this poll in time: ask again.
                continue;
            }
            if (clock.Elapsed > TimeSpan.FromMinutes(20))
                throw new TimeoutException($"after 20 minutes: keys of {served} of {validators} served by every holder; deposited: {deposited is not null}");
            await Task.Delay(200);
        }
        var all = deposited.Value;
        var usage = cluster.ProcessIds().Select(ProcessUsage.Read).ToArray();
        await cluster.StopCoordinatorsAsync();
        var (rate, nudges) = await RawTransactionRateAsync(cluster, validators);
        var floorClock = Stopwatch.StartNew();
        await ChainFloor.MeasureAsync(cluster, 1, 1);
        return new Result(validators, onChain!.Value, ready.Value, all, usage, floorClock.Elapsed / 3, rate, nudges);
    }

    /// <summary>
    /// Ready means served: the validators whose key (as the registry's PublicKeySet events state it) every coordinator
    /// lists on its Web3Signer API (GET /api/v1/eth2/publicKeys), i.e. every holder has checked its share and will sign.
    /// </summary>
    private static async Task<int> ServedByEveryHolderAsync(HttpClient http, IReadOnlyList<string> listens, IEnumerable<string> registered)
    {
        var keys = registered.ToHashSet(StringComparer.Ordinal);
        foreach (var listen in listens)
        {
            var served = System.Text.Json.JsonSerializer.Deserialize<string[]>(await http.GetStringAsync($"http://{listen}/api/v1/eth2/publicKeys")) ?? [];
            keys.IntersectWith(served.Select(k => k.ToLowerInvariant()));
        }
        return keys.Count;
    }

    /// <summary>
    /// The registry's PublicKeySet and ValidatorDeposited events, read forward in block ranges: polling costs a
    /// couple of eth_getLogs, not a view call per validator (which at 1,000 validators loaded the chain it measures).
    /// </summary>
    private sealed class RegistryEventCount(DevnetCluster cluster)
    {
        private ulong next;

        public Dictionary<ulong, string> Keys { get; } = [];

        public HashSet<ulong> Deposited { get; } = [];

        public async Task CatchUpAsync()
        {
            var head = await cluster.Rpc.BlockNumberAsync();
            if (head.Value < next)
                return;
            var filter = new LogFilter([cluster.Registry.Address],
                [[Dvt.ContractBindings.Contracts.DvtRegistryContract.PublicKeySetEvent.Topic0, Dvt.ContractBindings.Contracts.DvtRegistryContract.ValidatorDepositedEvent.Topic0]]);
            foreach (var log in await cluster.Rpc.GetLogsAsync(filter, new BlockNumber(next), head))
            {
                if (log.Topics[0] == Dvt.ContractBindings.Contracts.DvtRegistryContract.PublicKeySetEvent.Topic0)
                {
                    var e = Dvt.ContractBindings.Contracts.DvtRegistryContract.PublicKeySetEvent.Decode(log);
                    Keys[e.ValidatorId] = "0x" + Convert.ToHexStringLower(e.PublicKey);
                }
                else
                {
                    Deposited.Add(Dvt.ContractBindings.Contracts.DvtRegistryContract.ValidatorDepositedEvent.Decode(log).ValidatorId);
                }
            }
            next = head.Value + 1;
        }
    }

    /// <summary>
    /// The floor: anvil's raw transaction throughput in this run. The four operator accounts each send
    /// <paramref name="validators"/> / 2 plain transfers, at most <see cref="FloorWindow"/> unconfirmed at a time per
    /// account (as a coordinator keeps at most that many steps in flight); transactions per second. Sent all at once
    /// (4 x 500 at 1,000 validators), most of them were never mined: anvil's automine can leave a ready transaction in its
    /// pool (foundry-rs/foundry#10122), and every later one of that account queues behind it. A receipt that does not come
    /// within <see cref="StallNudge"/> gets one evm_mine; the nudges are counted and printed beside the rate.
    /// </summary>
    private static async Task<(double Rate, int Nudges)> RawTransactionRateAsync(DevnetCluster cluster, int validators)
    {
        var senders = new List<TransactionSender>();
        foreach (var account in cluster.Accounts())
            senders.Add(await TransactionSender.CreateAsync(cluster.Rpc, account));
        var perSender = Math.Max(50, validators / 2);
        var nudges = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(senders.Select(async s =>
        {
            var unconfirmed = new Queue<Hash32>();
            for (var i = 0; i < perSender; i++)
            {
                if (unconfirmed.Count == FloorWindow)
                    Interlocked.Add(ref nudges, await WaitMinedAsync(cluster, unconfirmed.Dequeue()));
                unconfirmed.Enqueue((await s.SubmitAsync(new TransactionRequest(s.Address, [], new UInt256(1), 21_000))).Hash);
            }
            while (unconfirmed.Count > 0)
                Interlocked.Add(ref nudges, await WaitMinedAsync(cluster, unconfirmed.Dequeue()));
        }));
        return (senders.Count * perSender / clock.Elapsed.TotalSeconds, nudges);
    }

    private const int FloorWindow = 32;

    private static readonly TimeSpan StallNudge = TimeSpan.FromSeconds(5);

    /// <summary>Waits for the receipt (at most 5 minutes); the evm_mine nudges it took.</summary>
    private static async Task<int> WaitMinedAsync(DevnetCluster cluster, Hash32 hash)
    {
        var clock = Stopwatch.StartNew();
        var lastNudge = TimeSpan.Zero;
        var nudges = 0;
        while (await cluster.Rpc.GetTransactionReceiptAsync(hash) is null)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(5))
                throw new TimeoutException($"transfer {hash} not mined within 5 minutes ({nudges} evm_mine nudges)");
            if (clock.Elapsed - lastNudge > StallNudge)
            {
                await cluster.Rpc.RequestAsync("evm_mine", Array.Empty<object>());
                lastNudge = clock.Elapsed;
                nudges++;
            }
            await Task.Delay(20);
        }
        return nudges;
    }

    private static byte[] RequestCall(byte keyGeneration, Hash32 credentials) =>
        Nethereum.Contracts.FunctionMessageExtensions.GetCallData(new Dvt.ContractBindings.Contracts.DvtRegistryContract.Dto.RequestValidatorFunction
        {
            Mode = 1, KeyGeneration = keyGeneration, WithdrawalCredentials = credentials.ToArray(),
        });
}
