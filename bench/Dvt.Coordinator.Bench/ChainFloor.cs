using Dvt.Coordinator.Devnet;
using System.Diagnostics;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Transactions;

namespace Dvt.Coordinator.Bench;

/// <summary>
/// The raw floor of a key round on the same chain, measured in the same run: the operators' accounts send the same
/// dependent waves of transactions a round needs (deals, then acks, then the deposit) as plain 1-wei transfers, each
/// wave sent at once and waited for before the next. No crypto, no registry: what the chain alone costs.
/// </summary>
internal static class ChainFloor
{
    public static async Task<(TimeSpan ToReady, TimeSpan ToDeposit)> MeasureAsync(DevnetCluster cluster, int dealers, int receivers)
    {
        var senders = new List<TransactionSender>();
        foreach (var account in cluster.Accounts())
            senders.Add(await TransactionSender.CreateAsync(cluster.Rpc, account));
        var sink = senders[0].Address;
        async Task WaveAsync(int count) =>
            await Task.WhenAll(senders.Take(count).Select(s => s.SendAsync(new TransactionRequest(sink, [], new UInt256(1)))));
        var clock = Stopwatch.StartNew();
        await WaveAsync(dealers);
        await WaveAsync(receivers);
        var ready = clock.Elapsed;
        await WaveAsync(1);
        return (ready, clock.Elapsed);
    }
}
