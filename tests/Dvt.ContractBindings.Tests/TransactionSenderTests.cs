using Dvt.ContractBindings.Abi;
using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Signing;
using Dvt.ContractBindings.Transactions;
using Dvt.TestSupport;

namespace Dvt.ContractBindings.Tests;

public sealed class TransactionSenderTests(AnvilProcess anvil) : AnvilSnapshotTests(anvil)
{
    private static readonly ContractAbi ErrorsAbi = ContractAbi.Parse("""
        [{"type":"error","name":"RoundClosed","inputs":[{"name":"validatorId","type":"uint64"},{"name":"round","type":"uint32"}]}]
        """);

    [Fact]
    public async Task Sends_a_transfer_and_the_node_sees_our_signature_as_the_sender()
    {
        var sender = await TestChain.SenderAsync(Rpc, account: 1);
        var to = Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        var before = await Rpc.GetBalanceAsync(to);
        var receipt = await sender.SendAsync(new TransactionRequest(to, [], UInt256.Gwei(5)));
        Assert.True(receipt.Succeeded);
        Assert.Equal(sender.Address, receipt.From);
        Assert.Equal(before + UInt256.Gwei(5), await Rpc.GetBalanceAsync(to));
        Assert.Equal(21_000UL, receipt.GasUsed);
    }

    [Fact]
    public async Task Many_concurrent_sends_get_consecutive_nonces_and_all_mine()
    {
        var sender = await TestChain.SenderAsync(Rpc, account: 2);
        await FortyConcurrentTransfersMineWithConsecutiveNoncesAsync(sender, afterSubmitting: () => { });
    }

    /// <summary>
    /// Submits 40 transfers at once; asserts they took the 40 nonces after the pending count, all mined, and the count
    /// moved by 40. <paramref name="afterSubmitting"/> runs once all 40 are submitted, before they are awaited mined.
    /// </summary>
    private async Task FortyConcurrentTransfersMineWithConsecutiveNoncesAsync(TransactionSender sender, Action afterSubmitting)
    {
        var start = await Rpc.GetTransactionCountAsync(sender.Address, BlockTag.Pending);
        var to = Address.Parse("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");
        var signed = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => sender.SubmitAsync(new TransactionRequest(to, [], new UInt256(1), GasLimit: 21_000))));
        afterSubmitting();
        Assert.Equal(Enumerable.Range(0, 40).Select(i => start + (ulong)i), signed.Select(s => s.Transaction.Nonce).Order());
        foreach (var s in signed)
            Assert.True((await sender.WaitForReceiptAsync(s.Hash, CancellationToken.None)).Succeeded);
        Assert.Equal(start + 40, await Rpc.GetTransactionCountAsync(sender.Address));
    }

    [Fact]
    public async Task Sends_queued_behind_the_nonce_go_out_together_in_nonce_order()
    {
        var key = EthereumPrivateKey.FromHex(AnvilProcess.DefaultPrivateKeys[7]);
        var counting = new CountingTransport(new HttpRpcTransport(Anvil.HttpUrl), failures: 0);
        await using var observed = new RpcClient(counting);
        var sender = await TransactionSender.CreateAsync(observed, key);
        await FortyConcurrentTransfersMineWithConsecutiveNoncesAsync(sender, afterSubmitting: () =>
        {
            var requests = counting.CallsIncludingBatchesOf("eth_sendRawTransaction");
            Assert.True(requests < 40, $"40 transactions took {requests} send requests: none went out together");
        });
    }

    [Fact]
    public async Task A_send_the_node_refuses_in_a_batch_fails_with_every_later_one_and_the_nonce_is_read_again()
    {
        var key = EthereumPrivateKey.FromHex(AnvilProcess.DefaultPrivateKeys[8]);
        var nonces = new NonceAllocator(Rpc);
        // Fees quoted once for the whole test, so a submit queues itself before it returns (no await before the queue).
        var sender = await TransactionSender.CreateAsync(Rpc, key, new TransactionSenderOptions { FeeReuse = TimeSpan.FromMinutes(5) }, nonces);
        var to = Address.Parse("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");
        var warm = await sender.SendAsync(new TransactionRequest(to, [], new UInt256(1), GasLimit: 21_000));
        var start = await Rpc.GetTransactionCountAsync(sender.Address, BlockTag.Pending);
        var tooMuch = await Rpc.GetBalanceAsync(sender.Address) + UInt256.Ether(1);
        Task<SignedTransaction> first, refused, after;
        // The test holds the account's nonce while three sends queue up, so the next holder sends them as one batch.
        using (var held = await nonces.AcquireAsync(sender.Address, CancellationToken.None))
        {
            first = sender.SubmitAsync(new TransactionRequest(to, [], new UInt256(1), GasLimit: 21_000));
            refused = sender.SubmitAsync(new TransactionRequest(to, [], tooMuch, GasLimit: 21_000));
            after = sender.SubmitAsync(new TransactionRequest(to, [], new UInt256(2), GasLimit: 21_000));
            held.Unused();
        }
        Assert.Equal(start, (await first).Transaction.Nonce);
        var refusal = await Assert.ThrowsAsync<RpcErrorException>(() => refused);
        Assert.Contains("fund", refusal.NodeMessage, StringComparison.OrdinalIgnoreCase);
        var notSent = await Assert.ThrowsAsync<RpcErrorException>(() => after);
        Assert.Contains($"nonce {start + 1}", notSent.NodeMessage, StringComparison.Ordinal);
        // The nonce was not moved past the refused one: the next send reads it again and takes the refused one's nonce.
        var next = await sender.SubmitAsync(new TransactionRequest(to, [], new UInt256(3), GasLimit: 21_000));
        Assert.Equal(start + 1, next.Transaction.Nonce);
        Assert.True((await sender.WaitForReceiptAsync(next.Hash, CancellationToken.None)).Succeeded);
        Assert.True(warm.Succeeded);
    }

    [Fact]
    public async Task After_an_outside_transaction_the_next_send_resyncs_the_nonce()
    {
        using var key = EthereumPrivateKey.FromHex(AnvilProcess.DefaultPrivateKeys[3]);
        var nonces = new NonceAllocator(Rpc);
        var ours = await TransactionSender.CreateAsync(Rpc, key, nonces: nonces);
        var other = await TransactionSender.CreateAsync(Rpc, key); // same key, its own allocator: simulates another process
        var to = Address.Parse("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");
        await ours.SendAsync(new TransactionRequest(to, [], new UInt256(1)));
        await other.SendAsync(new TransactionRequest(to, [], new UInt256(1)));
        // Our cached nonce is now stale: the node refuses it ("nonce too low"), then the allocator re-reads it.
        await Assert.ThrowsAsync<RpcErrorException>(() => ours.SendAsync(new TransactionRequest(to, [], new UInt256(1))));
        var receipt = await ours.SendAsync(new TransactionRequest(to, [], new UInt256(1)));
        Assert.True(receipt.Succeeded);
    }

    [Fact]
    public async Task A_revert_at_estimation_throws_the_decoded_custom_error_and_sends_nothing()
    {
        var contract = await TestChain.DeployAsync(Rpc, EvmSnippets.AlwaysRevert(CastCalldata.Of(ErrorsAbi.Errors[0].Signature, "7", "3")));
        var sender = await TestChain.SenderAsync(Rpc, account: 4);
        var nonce = await Rpc.GetTransactionCountAsync(sender.Address);
        var error = await Assert.ThrowsAsync<ContractCustomErrorException>(() => sender.SendAsync(new TransactionRequest(contract, [1, 2, 3, 4]), ErrorsAbi));
        Assert.Equal("RoundClosed", error.Error.Name);
        Assert.Equal(7UL, error.Values[0]);
        Assert.Equal(3U, error.Values[1]);
        Assert.Equal(nonce, await Rpc.GetTransactionCountAsync(sender.Address));
    }

    [Fact]
    public async Task A_mined_revert_is_replayed_and_decoded_with_the_transaction_hash()
    {
        var contract = await TestChain.DeployAsync(Rpc, EvmSnippets.AlwaysRevert(CastCalldata.Of("Error(string)", "deposit already made")));
        var sender = await TestChain.SenderAsync(Rpc, account: 4);
        // A fixed gas limit skips estimation, so the transaction is mined and fails on chain.
        var error = await Assert.ThrowsAsync<ContractRevertedWithReasonException>(() =>
            sender.SendAsync(new TransactionRequest(contract, [], GasLimit: 60_000), ErrorsAbi));
        Assert.Equal("deposit already made", error.Reason);
        Assert.NotNull(error.TransactionHash);
        var receipt = await Rpc.GetTransactionReceiptAsync(error.TransactionHash!.Value);
        Assert.False(receipt!.Succeeded);
    }

    [Fact]
    public async Task Fee_policy_offers_twice_the_base_fee_plus_the_tip()
    {
        var (maxFee, tip) = await new FeePolicy { PriorityFee = UInt256.Gwei(2) }.ComputeAsync(Rpc, CancellationToken.None);
        var baseFee = (await Rpc.GetBlockByNumberAsync(BlockTag.Latest))!.BaseFeePerGas!.Value;
        Assert.Equal(UInt256.Gwei(2), tip);
        Assert.Equal(new UInt256(baseFee.Value * 2) + UInt256.Gwei(2), maxFee);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new FeePolicy { MaxFeeCap = new UInt256(1) }.ComputeAsync(Rpc, CancellationToken.None));
    }

    [Fact]
    public async Task Receipt_waiting_honours_the_confirmation_depth()
    {
        var key = EthereumPrivateKey.FromHex(AnvilProcess.DefaultPrivateKeys[5]);
        var counting = new CountingTransport(new HttpRpcTransport(Anvil.HttpUrl), failures: 0);
        await using var observed = new RpcClient(counting);
        var sender = await TransactionSender.CreateAsync(observed, key, new TransactionSenderOptions { Confirmations = 3, ReceiptPollInterval = TimeSpan.FromMilliseconds(50) });
        var signed = await sender.SubmitAsync(new TransactionRequest(key.Address, [], GasLimit: 21_000));
        var waiting = sender.WaitForReceiptAsync(signed.Hash, CancellationToken.None);
        // Once the transaction is mined (automine), the sender sees its receipt on every poll, and still waits for the depth.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (await Rpc.GetTransactionReceiptAsync(signed.Hash) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the transaction was not mined");
            await Task.Delay(20);
        }
        // The sender asks for the receipts it waits for in one batch per poll interval.
        var pollsBefore = counting.CallsIncludingBatchesOf("eth_getTransactionReceipt");
        while (counting.CallsIncludingBatchesOf("eth_getTransactionReceipt") < pollsBefore + 4 && !waiting.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "the sender did not poll for the receipt");
            await Task.Delay(20);
        }
        Assert.False(waiting.IsCompleted, "one block is not three confirmations");
        await Rpc.MineAsync(2);
        var receipt = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(receipt.Succeeded);
    }
}
