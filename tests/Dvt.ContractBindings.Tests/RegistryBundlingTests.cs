using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Signing;
using Dvt.ContractBindings.Transactions;
using Dvt.TestSupport;
using Nethereum.Contracts;

namespace Dvt.ContractBindings.Tests;

/// <summary>
/// A sender's calls to the registry that queue up behind its nonce travel as one multicall transaction, on the real
/// registry on anvil: each caller still gets its own outcome.
/// </summary>
public sealed class RegistryBundlingTests(AnvilProcess anvil) : AnvilSnapshotTests(anvil)
{
    private async Task<(DvtRegistryContract Registry, TransactionSender Sender, NonceAllocator Nonces)> DeployAsync(int account)
    {
        var deployer = await TestChain.SenderAsync(Rpc, 0);
        var deposit = await DevnetDepositContract.DeployAsync(deployer);
        var deployed = await DvtRegistryContract.DeployAsync(deployer, deposit.Address);
        var nonces = new NonceAllocator(Rpc);
        // Fees quoted once for the whole test and gas limits given: a send queues itself before its first await, so
        // every send started while the test holds the nonce is in the queue when it lets go.
        var sender = await TransactionSender.CreateAsync(Rpc, EthereumPrivateKey.FromHex(AnvilProcess.DefaultPrivateKeys[account]),
            new TransactionSenderOptions { FeeReuse = TimeSpan.FromMinutes(5), Bundling = DvtRegistryContract.Bundling(deployed.Address) }, nonces);
        var registry = new DvtRegistryContract(deployed.Address, Rpc, sender);
        await registry.RegisterOperatorAsync(ShareKey(1), "https://op.example");
        return (registry, sender, nonces);
    }

    private static byte[] ShareKey(byte fill)
    {
        var key = Enumerable.Repeat(fill, 33).ToArray();
        key[0] = 0x02;
        return key;
    }

    private static TransactionRequest Call<T>(DvtRegistryContract registry, T function, ulong gas = 200_000)
        where T : FunctionMessage, new()
        => new(registry.Address, function.GetCallData(), GasLimit: gas);

    [Fact]
    public async Task Calls_queued_behind_the_nonce_go_out_as_one_multicall_and_each_caller_sees_its_own_success()
    {
        var (registry, sender, nonces) = await DeployAsync(account: 5);
        var nonceBefore = await Rpc.GetTransactionCountAsync(sender.Address);
        Task<TransactionReceipt>[] sends;
        Task<TransactionReceipt> withValue;
        using (var held = await nonces.AcquireAsync(sender.Address, CancellationToken.None))
        {
            sends = Enumerable.Range(0, 10).Select(i => sender.SendAsync(
                Call(registry, new DvtRegistryContract.Dto.UpdateOperatorEndpointFunction { ReturnValue1 = $"https://op.example/{i}" }), registry)).ToArray();
            // A call with value is never bundled (multicall is not payable): it goes as its own transaction.
            withValue = sender.SendAsync(new TransactionRequest(registry.Address, new DvtRegistryContract.Dto.RequestValidatorFunction
            {
                Mode = 0, KeyGeneration = 0, WithdrawalCredentials = Credentials(sender.Address),
            }.GetCallData(), UInt256.Ether(32), 600_000), registry);
            held.Unused();
        }
        var receipts = await Task.WhenAll(sends);
        Assert.All(receipts, r => Assert.True(r.Succeeded));
        Assert.Single(receipts.Select(r => r.TransactionHash).Distinct());
        var endpoints = receipts[0].Logs
            .Where(l => l.Topics[0] == DvtRegistryContract.OperatorEndpointUpdatedEvent.Topic0)
            .Select(l => DvtRegistryContract.OperatorEndpointUpdatedEvent.Decode(l).Endpoint).ToArray();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"https://op.example/{i}").Order(), endpoints.Order());
        var requested = await withValue;
        Assert.True(requested.Succeeded);
        Assert.NotEqual(receipts[0].TransactionHash, requested.TransactionHash);
        Assert.Equal(1UL, await registry.ValidatorCountAsync());
        // Eleven calls, two transactions.
        Assert.Equal(nonceBefore + 2, await Rpc.GetTransactionCountAsync(sender.Address));
    }

    [Fact]
    public async Task When_a_bundle_fails_each_call_goes_again_alone_and_only_the_refused_one_throws_its_own_error()
    {
        var (registry, sender, nonces) = await DeployAsync(account: 6);
        var nonceBefore = await Rpc.GetTransactionCountAsync(sender.Address);
        Task<TransactionReceipt> first, refused, other;
        using (var held = await nonces.AcquireAsync(sender.Address, CancellationToken.None))
        {
            first = sender.SendAsync(Call(registry, new DvtRegistryContract.Dto.UpdateOperatorEndpointFunction { ReturnValue1 = "https://op.example/a" }), registry);
            // Registered already: refused inside the bundle, which reverts the other two with it.
            refused = sender.SendAsync(Call(registry, new DvtRegistryContract.Dto.RegisterOperatorFunction { ShareEncryptionKey = ShareKey(2), Endpoint = "https://again.example" }), registry);
            other = sender.SendAsync(Call(registry, new DvtRegistryContract.Dto.UpdateOperatorEndpointFunction { ReturnValue1 = "https://op.example/b" }), registry);
            held.Unused();
        }
        var error = await Assert.ThrowsAsync<DvtRegistryContract.AlreadyRegisteredException>(() => refused);
        Assert.Equal(1UL, error.OperatorId);
        Assert.NotNull(error.TransactionHash);
        var a = await first;
        var b = await other;
        Assert.True(a.Succeeded && b.Succeeded);
        Assert.NotEqual(a.TransactionHash, b.TransactionHash);
        // The bundle (reverted), then each call alone: four transactions.
        Assert.Equal(nonceBefore + 4, await Rpc.GetTransactionCountAsync(sender.Address));
        Assert.Equal(1UL, await registry.OperatorCountAsync());
    }

    [Fact]
    public async Task A_sender_without_bundling_sends_each_call_as_its_own_transaction()
    {
        var (registry, _, _) = await DeployAsync(account: 7);
        var nonces = new NonceAllocator(Rpc);
        var plain = await TransactionSender.CreateAsync(Rpc, EthereumPrivateKey.FromHex(AnvilProcess.DefaultPrivateKeys[7]),
            new TransactionSenderOptions { FeeReuse = TimeSpan.FromMinutes(5) }, nonces);
        Task<TransactionReceipt>[] sends;
        using (var held = await nonces.AcquireAsync(plain.Address, CancellationToken.None))
        {
            sends = Enumerable.Range(0, 3).Select(i => plain.SendAsync(
                Call(registry, new DvtRegistryContract.Dto.UpdateOperatorEndpointFunction { ReturnValue1 = $"https://op.example/{i}" }), registry)).ToArray();
            held.Unused();
        }
        Assert.Equal(3, (await Task.WhenAll(sends)).Select(r => r.TransactionHash).Distinct().Count());
    }

    private static byte[] Credentials(Address to)
    {
        var wc = new byte[32];
        wc[0] = 0x01;
        to.Bytes.CopyTo(wc.AsSpan(12));
        return wc;
    }
}
