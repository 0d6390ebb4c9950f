using Dvt.ContractBindings.Abi;
using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Signing;

namespace Dvt.ContractBindings.Transactions;

/// <summary>
/// Signs and sends EIP-1559 transactions for one key: estimates gas (a revert here throws the decoded error and
/// sends nothing), prices with the <see cref="FeePolicy"/>, takes a nonce from the shared <see cref="NonceAllocator"/>,
/// and waits for the receipt to the configured depth. A mined revert is replayed with eth_call at the block
/// to recover the revert data, then thrown as the decoded exception.
/// </summary>
public sealed class TransactionSender
{
    private readonly RpcClient rpc;
    private readonly EthereumPrivateKey key;
    private readonly NonceAllocator nonces;
    private FeeQuote? recentFees; // a reference, so concurrent senders read a whole quote or none
    private readonly ReceiptPoller receipts;

    private TransactionSender(RpcClient rpc, EthereumPrivateKey key, ulong chainId, NonceAllocator nonces, TransactionSenderOptions options)
    {
        this.rpc = rpc;
        this.key = key;
        ChainId = chainId;
        this.nonces = nonces;
        Options = options;
        receipts = new ReceiptPoller(rpc, options.ReceiptPollInterval);
    }

    /// <summary>Reads the chain id from the node once.</summary>
    public static async Task<TransactionSender> CreateAsync(RpcClient rpc, EthereumPrivateKey key, TransactionSenderOptions? options = null, NonceAllocator? nonces = null, CancellationToken ct = default)
    {
        var chainId = await rpc.ChainIdAsync(ct).ConfigureAwait(false);
        return new TransactionSender(rpc, key, chainId, nonces ?? new NonceAllocator(rpc), options ?? new TransactionSenderOptions());
    }

    public Address Address => key.Address;

    public ulong ChainId { get; }

    public RpcClient Rpc => rpc;

    public TransactionSenderOptions Options { get; }

    /// <summary>
    /// Forgets the cached nonce so the next send reads eth_getTransactionCount("pending") again: needed after a
    /// reorg dropped this sender's transactions, or after another program sent with the same key.
    /// </summary>
    public Task ResyncNonceAsync(CancellationToken ct = default) => nonces.ResyncAsync(key.Address, ct);

    /// <summary>
    /// Signs and submits; returns once the node accepted the transaction (not mined yet). Transactions submitted while
    /// another send of this account holds the nonce go out together: the next holder of the nonce signs every queued one
    /// with consecutive nonces and sends them as one JSON-RPC batch, in nonce order (<see cref="SendQueuedAsync"/>). One
    /// account's sends are serialised by its nonce, and at 1,000 validators the owner's account sends four transactions
    /// per validator: one round trip each capped it at about 1 / round trip (12 a second on a loaded machine).
    /// A submitted transaction is never bundled with others: only <see cref="SendAsync"/>, which can send a call again
    /// alone when its bundle fails, bundles.
    /// </summary>
    public async Task<SignedTransaction> SubmitAsync(TransactionRequest request, IRevertDecoder? revertDecoder = null, CancellationToken ct = default)
        => (await SubmitQueuedAsync(request, revertDecoder, mayBundle: false, ct).ConfigureAwait(false)).Signed;

    private async Task<Submitted> SubmitQueuedAsync(TransactionRequest request, IRevertDecoder? revertDecoder, bool mayBundle, CancellationToken ct)
    {
        var gas = request.GasLimit ?? await EstimateAsync(request, revertDecoder, ct).ConfigureAwait(false);
        var (maxFee, tip) = await FeesAsync(ct).ConfigureAwait(false);
        var queued = new QueuedSend(request, gas, maxFee, tip, mayBundle);
        sendQueue.Enqueue(queued);
        try
        {
            using var lease = await nonces.AcquireAsync(key.Address, ct).ConfigureAwait(false);
            if (mayBundle && Options.Bundling is { Linger: var linger } && linger > TimeSpan.Zero && !queued.Sent.Task.IsCompleted)
            {
                // Holding the nonce a moment lets the calls being prepared meanwhile join this one's transaction.
                await Task.Delay(linger, ct).ConfigureAwait(false);
            }
            await SendQueuedAsync(lease, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (!queued.Sent.Task.IsCompleted)
        {
            // Cancelled while waiting for the nonce: whoever takes the queue next skips this one.
            queued.Abandon(e);
        }
        return await queued.Sent.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Signs every queued send with consecutive nonces from the lease's and sends them in nonce order, one alone as
    /// eth_sendRawTransaction, several as one batch. Calls that may be bundled (<see cref="TransactionSenderOptions.Bundling"/>)
    /// share transactions: each bundle is one transaction and one nonce. The nonce moves past the accepted ones only if
    /// the node accepted all; when it refused one, that one and every later one of the batch fail and the nonce is read
    /// again. A later one the node did accept then waits in its pool for the nonce gap and is mined once a later send
    /// fills it: its step re-decides from chain state, as after a send whose answer was lost.
    /// </summary>
    private async Task SendQueuedAsync(NonceLease lease, CancellationToken ct)
    {
        var outgoing = new List<Outgoing>();
        List<QueuedSend>? bundle = null;
        ulong bundleGas = 0;
        var bundling = Options.Bundling;
        ulong batchGas = 0;
        // Only the holder of the nonce takes from the queue, so what it peeks at is what it dequeues.
        while (outgoing.Count + (bundle is null ? 0 : 1) < MaxSendBatch && sendQueue.TryPeek(out var next))
        {
            if (batchGas > 0 && batchGas + next.Gas > Options.MaxBatchGas)
                break; // the rest go with the next holder of the nonce
            sendQueue.TryDequeue(out _);
            if (!next.TryTake())
                continue;
            batchGas += next.Gas;
            if (bundling is not null && next.MayBundle)
            {
                if (bundle is not null && (bundle.Count >= bundling.MaxCalls || bundleGas + next.Gas > bundling.MaxGas))
                {
                    outgoing.Add(Sign(bundle, lease.Nonce + (ulong)outgoing.Count, bundling));
                    bundle = null;
                }
                if (bundle is null)
                {
                    bundle = [];
                    bundleGas = 0;
                }
                bundle.Add(next);
                bundleGas += next.Gas;
                continue;
            }
            outgoing.Add(Sign([next], lease.Nonce + (ulong)outgoing.Count, bundling));
        }
        if (bundle is not null)
            outgoing.Add(Sign(bundle, lease.Nonce + (ulong)outgoing.Count, bundling));
        if (outgoing.Count == 0)
        {
            // An earlier holder of the nonce sent this caller's transaction with its own.
            lease.Unused();
            return;
        }
        try
        {
            if (outgoing.Count == 1)
            {
                await rpc.SendRawTransactionAsync(outgoing[0].Signed.Raw, ct).ConfigureAwait(false);
                lease.Commit();
                outgoing[0].Succeed();
                return;
            }
            var answers = await rpc.BatchAsync(outgoing.Select(b => new RpcRequest("eth_sendRawTransaction", b.Signed.Raw)).ToArray(), ct).ConfigureAwait(false);
            var accepted = 0;
            while (accepted < outgoing.Count && answers[accepted].Error is null)
                accepted++;
            if (accepted == outgoing.Count)
                lease.Commit((ulong)outgoing.Count - 1);
            for (var i = 0; i < outgoing.Count; i++)
            {
                if (i < accepted)
                    outgoing[i].Succeed();
                else if (i == accepted)
                    outgoing[i].Fail(answers[i].Error!);
                else
                    outgoing[i].Fail(new RpcErrorException(rpc.Endpoint, "eth_sendRawTransaction", -32000,
                        $"not known to be sent: the transaction of nonce {outgoing[accepted].Signed.Transaction.Nonce} before it in the same batch was refused ({answers[accepted].Error!.NodeMessage})", null));
            }
        }
        catch (Exception e)
        {
            foreach (var o in outgoing)
                o.Fail(e);
        }
    }

    /// <summary>One transaction: a lone send, or a bundle of calls (one call is sent as itself, not wrapped).</summary>
    private Outgoing Sign(List<QueuedSend> members, ulong nonce, CallBundling? bundling)
    {
        var first = members[0];
        if (members.Count == 1)
        {
            var r = first.Request;
            return new Outgoing(members, new Eip1559Transaction(ChainId, nonce, first.Tip, first.MaxFee, first.Gas, r.To, r.Value, r.Data).Sign(key), Bundled: false);
        }
        var data = bundling!.Encode(members.Select(m => m.Request.Data).ToArray());
        var gas = members.Aggregate(0UL, (sum, m) => sum + m.Gas);
        // Members quoted at different moments: the bundle offers the highest of their prices.
        var maxFee = members.Select(m => m.MaxFee).Max();
        var tip = members.Select(m => m.Tip).Max();
        return new Outgoing(members, new Eip1559Transaction(ChainId, nonce, tip, maxFee, gas, bundling.Target, default, data).Sign(key), Bundled: true);
    }

    /// <summary>A signed transaction and the sends it carries.</summary>
    private sealed record Outgoing(List<QueuedSend> Members, SignedTransaction Signed, bool Bundled)
    {
        public void Succeed()
        {
            foreach (var m in Members)
                m.Sent.TrySetResult(new Submitted(Signed, Bundled));
        }

        public void Fail(Exception e)
        {
            foreach (var m in Members)
                m.Sent.TrySetException(e);
        }
    }

    /// <summary>A send the node accepted, alone or in a bundle with others.</summary>
    private sealed record Submitted(SignedTransaction Signed, bool Bundled);

    /// <summary>At most this many transactions in one batch.</summary>
    private const int MaxSendBatch = 64;

    private readonly System.Collections.Concurrent.ConcurrentQueue<QueuedSend> sendQueue = new();

    /// <summary>A transaction waiting for its nonce; taken by exactly one sender or abandoned by its caller.</summary>
    private sealed class QueuedSend(TransactionRequest request, ulong gas, UInt256 maxFee, UInt256 tip, bool mayBundle)
    {
        private int state; // 0 queued, 1 taken, 2 abandoned

        public TransactionRequest Request { get; } = request;

        public ulong Gas { get; } = gas;

        public UInt256 MaxFee { get; } = maxFee;

        public UInt256 Tip { get; } = tip;

        public bool MayBundle { get; } = mayBundle;

        public TaskCompletionSource<Submitted> Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool TryTake() => Interlocked.CompareExchange(ref state, 1, 0) == 0;

        public void Abandon(Exception reason)
        {
            if (Interlocked.CompareExchange(ref state, 2, 0) == 0)
                Sent.TrySetException(reason);
        }
    }

    /// <summary>
    /// Submits, waits for the receipt at the configured depth, and throws the decoded revert if it failed. A call to the
    /// <see cref="TransactionSenderOptions.Bundling"/> target may travel in a bundle with this account's other queued
    /// calls; the receipt returned is then the bundle's (its logs are every member's). When a bundle fails, each of its
    /// calls is sent again alone, so only a call that fails by itself throws, with its own error.
    /// </summary>
    public async Task<TransactionReceipt> SendAsync(TransactionRequest request, IRevertDecoder? revertDecoder = null, CancellationToken ct = default)
    {
        var mayBundle = Options.Bundling is { } bundling && request.To is { } to && to.Equals(bundling.Target) && request.Value.IsZero;
        var submitted = await SubmitQueuedAsync(request, revertDecoder, mayBundle, ct).ConfigureAwait(false);
        var receipt = await WaitForReceiptAsync(submitted.Signed.Hash, ct).ConfigureAwait(false);
        if (!receipt.Succeeded && submitted.Bundled)
        {
            // Another member's refusal (or the bundle's gas) reverted this call with it: it goes again on its own,
            // estimated afresh against the state the bundle left, so a call that would now fail throws before it is sent.
            submitted = await SubmitQueuedAsync(request, revertDecoder, mayBundle: false, ct).ConfigureAwait(false);
            receipt = await WaitForReceiptAsync(submitted.Signed.Hash, ct).ConfigureAwait(false);
        }
        if (!receipt.Succeeded)
            throw await ExplainRevertAsync(request, receipt, revertDecoder, ct).ConfigureAwait(false);
        return receipt;
    }

    private async Task<(UInt256 MaxFee, UInt256 Tip)> FeesAsync(CancellationToken ct)
    {
        if (recentFees is { } known && DateTime.UtcNow - known.At < Options.FeeReuse)
            return (known.MaxFee, known.Tip);
        var (maxFee, tip) = await Options.Fees.ComputeAsync(rpc, ct).ConfigureAwait(false);
        recentFees = new FeeQuote(DateTime.UtcNow, maxFee, tip);
        return (maxFee, tip);
    }

    public async Task<ulong> EstimateAsync(TransactionRequest request, IRevertDecoder? revertDecoder, CancellationToken ct)
    {
        try
        {
            var estimate = await rpc.EstimateGasAsync(new CallRequest(request.To, request.Data, key.Address, request.Value), ct).ConfigureAwait(false);
            return estimate * (ulong)(100 + Options.GasMarginPercent) / 100;
        }
        catch (RpcErrorException e) when (RevertData.TryGet(e, out var data))
        {
            throw Decode(revertDecoder, data);
        }
    }

    /// <summary>
    /// Waits for the receipt, then until the chain is <see cref="TransactionSenderOptions.Confirmations"/> deep over it.
    /// The receipts this sender waits for are asked for together, one JSON-RPC batch every
    /// <see cref="TransactionSenderOptions.ReceiptPollInterval"/>: a coordinator keeps tens of transactions in flight,
    /// and one eth_getTransactionReceipt each per interval was half of all the requests anvil served at 300 validators.
    /// </summary>
    public async Task<TransactionReceipt> WaitForReceiptAsync(Hash32 hash, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Options.ReceiptTimeout);
        try
        {
            while (true)
            {
                var receipt = await receipts.MinedAsync(hash, timeout.Token).ConfigureAwait(false);
                // A receipt is of a mined block: at depth 1 there is nothing more to wait for (no head to read).
                var depth = (ulong)Math.Max(1, Options.Confirmations);
                if (depth == 1)
                    return receipt;
                var head = await rpc.BlockNumberAsync(timeout.Token).ConfigureAwait(false);
                if (head.Value + 1 >= receipt.BlockNumber.Value + depth)
                {
                    // Re-read: a reorg while waiting may have moved the transaction to another block.
                    var again = await rpc.GetTransactionReceiptAsync(hash, timeout.Token).ConfigureAwait(false);
                    if (again is not null && again.BlockHash == receipt.BlockHash)
                        return again;
                }
                await Task.Delay(Options.ReceiptPollInterval, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"transaction {hash} not confirmed within {Options.ReceiptTimeout} at {rpc.Endpoint}");
        }
    }

    private async Task<Exception> ExplainRevertAsync(TransactionRequest request, TransactionReceipt receipt, IRevertDecoder? revertDecoder, CancellationToken ct)
    {
        var parent = new BlockNumber(receipt.BlockNumber.Value - 1);
        try
        {
            await rpc.CallAsync(new CallRequest(request.To, request.Data, key.Address, request.Value, request.GasLimit), parent, ct).ConfigureAwait(false);
        }
        catch (RpcErrorException e) when (RevertData.TryGet(e, out var data))
        {
            var decoded = Decode(revertDecoder, data);
            return decoded is ContractRevertException revert
                ? WithHash(revert, receipt.TransactionHash)
                : decoded;
        }
        // The replay did not revert (state differed within the block, or the transaction ran out of gas).
        return WithHash(
            new ContractRevertException($"transaction {receipt.TransactionHash} reverted in block {receipt.BlockNumber} (gas used {receipt.GasUsed}); the replay did not reproduce it", []),
            receipt.TransactionHash);
    }

    private static ContractRevertException WithHash(ContractRevertException revert, Hash32 hash)
    {
        // Revert exceptions are created by decoders; the hash is attached here where it is known.
        revert.TransactionHash = hash;
        return revert;
    }

    private static Exception Decode(IRevertDecoder? decoder, byte[] data) =>
        (decoder ?? EmptyAbi).DecodeRevert(data);

    private static readonly ContractAbi EmptyAbi = new([], [], []);

    private sealed record FeeQuote(DateTime At, UInt256 MaxFee, UInt256 Tip);
}
