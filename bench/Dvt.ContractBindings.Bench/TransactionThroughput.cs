using System.Diagnostics;
using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Signing;
using Dvt.ContractBindings.Transactions;
using Dvt.TestSupport;

namespace Dvt.ContractBindings.Bench;

/// <summary>Signed EIP-1559 transactions per second into anvil (automine) beside bare eth_blockNumber round trips.</summary>
internal static class TransactionThroughput
{
    public static async Task RunAsync(AnvilProcess anvil, TimeSpan each)
    {
        await using var rpc = RpcClient.ForUrl(anvil.HttpUrl);
        var roundTrips = await RateAsync(async () => await rpc.BlockNumberAsync(), each);
        var concurrentRoundTrips = await RateAsync(async () => await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => rpc.BlockNumberAsync())), each, 32);

        using var key = EthereumPrivateKey.FromHex(AnvilProcess.DefaultPrivateKeys[1]);
        var sender = await TransactionSender.CreateAsync(rpc, key, new TransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(2) });
        var to = Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        var sequential = await RateAsync(async () => await sender.SendAsync(new TransactionRequest(to, [], new UInt256(1))), each);
        var pipelined = await RateAsync(async () =>
        {
            var signed = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => sender.SubmitAsync(new TransactionRequest(to, [], new UInt256(1), GasLimit: 21_000))));
            foreach (var s in signed)
                await sender.WaitForReceiptAsync(s.Hash, CancellationToken.None);
        }, each, 32);
        var sign = RateOf(() => new Eip1559Transaction(31337, 1, 1, 2, 21_000, to, 1, []).Sign(key), each);

        Figure.Print("send+mine+receipt, one at a time (estimate)", sequential, "eth_blockNumber", roundTrips, "tx");
        Figure.Print("submit 32 at once, then receipts", pipelined, "32 eth_blockNumber", concurrentRoundTrips, "tx");
        Figure.Print("sign EIP-1559 transaction (no RPC)", sign, "eth_blockNumber", roundTrips, "tx");
    }

    private static async Task<double> RateAsync(Func<Task> operation, TimeSpan duration, int unitsPerCall = 1)
    {
        for (var i = 0; i < 5; i++)
            await operation();
        var stopwatch = Stopwatch.StartNew();
        long calls = 0;
        while (stopwatch.Elapsed < duration)
        {
            await operation();
            calls++;
        }
        return calls * unitsPerCall / stopwatch.Elapsed.TotalSeconds;
    }

    private static double RateOf(Action operation, TimeSpan duration) => Figure.Rate(operation, duration);
}
