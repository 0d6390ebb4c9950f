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

    /// <summary>Signs and submits; returns once the node accepted the transaction (not mined yet).</summary>
    public async Task<SignedTransaction> SubmitAsync(TransactionRequest request, IRevertDecoder? revertDecoder = null, CancellationToken ct = default)
    {
        var gas = request.GasLimit ?? await EstimateAsync(request, revertDecoder, ct).ConfigureAwait(false);
        var (maxFee, tip) = await FeesAsync(ct).ConfigureAwait(false);
        using var lease = await nonces.AcquireAsync(key.Address, ct).ConfigureAwait(false);
        var signed = new Eip1559Transaction(ChainId, lease.Nonce, tip, maxFee, gas, request.To, request.Value, request.Data).Sign(key);
        await rpc.SendRawTransactionAsync(signed.Raw, ct).ConfigureAwait(false);
        lease.Commit();
        return signed;
    }

    /// <summary>Submits, waits for the receipt at the configured depth, and throws the decoded revert if it failed.</summary>
    public async Task<TransactionReceipt> SendAsync(TransactionRequest request, IRevertDecoder? revertDecoder = null, CancellationToken ct = default)
    {
        var signed = await SubmitAsync(request, revertDecoder, ct).ConfigureAwait(false);
        var receipt = await WaitForReceiptAsync(signed.Hash, ct).ConfigureAwait(false);
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
