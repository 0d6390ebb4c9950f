using System.Text.Json;
using Dvt.ContractBindings.Rpc;

namespace Dvt.ContractBindings.Transactions;

/// <summary>
/// Asks for the receipts of every transaction being waited for in one JSON-RPC batch per poll interval, while any is
/// waited for: many transactions in flight cost one request per interval instead of one each. A waiter that gives up
/// (cancelled, timed out) is forgotten at once.
/// </summary>
internal sealed class ReceiptPoller(RpcClient rpc, TimeSpan interval)
{
    private readonly Lock gate = new();
    private readonly Dictionary<long, (Hash32 Hash, TaskCompletionSource<TransactionReceipt> Mined)> waiters = [];
    private long nextWaiter;
    private bool polling;

    /// <summary>Completes with the receipt once the node has one (the transaction is mined).</summary>
    public async Task<TransactionReceipt> MinedAsync(Hash32 hash, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var mined = new TaskCompletionSource<TransactionReceipt>(TaskCreationOptions.RunContinuationsAsynchronously);
        long id;
        bool start;
        lock (gate)
        {
            id = nextWaiter++;
            waiters[id] = (hash, mined);
            start = !polling;
            polling = true;
        }
        if (start)
            _ = Task.Run(PollAsync, CancellationToken.None);
        try
        {
            return await mined.Task.WaitAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            lock (gate)
                waiters.Remove(id);
        }
    }

    private async Task PollAsync()
    {
        while (true)
        {
            (Hash32 Hash, TaskCompletionSource<TransactionReceipt> Mined)[] waiting;
            lock (gate)
            {
                if (waiters.Count == 0)
                {
                    polling = false;
                    return;
                }
                waiting = waiters.Values.ToArray();
            }
            var hashes = waiting.Select(w => w.Hash).Distinct().ToArray();
            try
            {
                var answers = await rpc.BatchAsync(hashes.Select(h => new RpcRequest("eth_getTransactionReceipt", h)).ToArray()).ConfigureAwait(false);
                var found = new Dictionary<Hash32, TransactionReceipt>();
                for (var i = 0; i < hashes.Length; i++)
                {
                    if (answers[i].Error is null && answers[i].Result is { ValueKind: not JsonValueKind.Null } result)
                        found[hashes[i]] = TransactionReceipt.FromJson(result);
                }
                foreach (var (hash, mined) in waiting)
                {
                    if (found.TryGetValue(hash, out var receipt))
                        mined.TrySetResult(receipt);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Unanswered this time (the node is busy or restarting): the next interval asks again; each waiter's own
                // timeout bounds how long it waits.
            }
            await Task.Delay(interval).ConfigureAwait(false);
        }
    }
}
