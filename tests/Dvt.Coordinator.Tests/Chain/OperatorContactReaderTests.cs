using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Signing;
using Dvt.ContractBindings.Transactions;
using Dvt.Coordinator.Chain;
using Dvt.TestSupport;

namespace Dvt.Coordinator.Tests.Chain;

/// <summary>
/// Operators' keys and endpoints live in the registry's events only: the reader gives, per operator, the latest registration,
/// key rotation and endpoint update at or before the block asked for, on the real contract on anvil.
/// </summary>
public sealed class OperatorContactReaderTests(AnvilProcess anvil) : IClassFixture<AnvilProcess>, IAsyncLifetime
{
    private readonly List<EthereumPrivateKey> keys = [];
    private RpcClient rpc = null!;

    public Task InitializeAsync()
    {
        rpc = RpcClient.ForUrl(anvil.HttpUrl);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var key in keys)
            key.Dispose();
        await rpc.DisposeAsync();
    }

    private async Task<TransactionSender> SenderAsync(int account)
    {
        var key = EthereumPrivateKey.FromHex(AnvilProcess.DefaultPrivateKeys[account]);
        keys.Add(key); // the sender signs with it until the test ends
        return await TransactionSender.CreateAsync(rpc, key);
    }

    private static byte[] Key(byte prefix, byte fill)
    {
        var key = Enumerable.Repeat(fill, 33).ToArray();
        key[0] = prefix;
        return key;
    }

    [Fact]
    public async Task The_latest_key_and_endpoint_at_or_before_the_block_are_read_per_operator()
    {
        var deployer = await SenderAsync(0);
        var deployed = await rpc.BlockNumberAsync();
        var deposit = await DevnetDepositContract.DeployAsync(deployer);
        var registry = await DvtRegistryContract.DeployAsync(deployer, deposit.Address);
        var one = new DvtRegistryContract(registry.Address, rpc, await SenderAsync(1));
        var two = new DvtRegistryContract(registry.Address, rpc, await SenderAsync(2));
        Assert.True((await one.RegisterOperatorAsync(Key(0x02, 1), "https://one.example")).Succeeded);
        Assert.True((await two.RegisterOperatorAsync(Key(0x03, 2), "https://two.example")).Succeeded);
        var registered = await rpc.BlockNumberAsync();
        Assert.True((await one.UpdateOperatorEndpointAsync("https://one-moved.example")).Succeeded);
        Assert.True((await one.RotateShareEncryptionKeyAsync(Key(0x03, 7))).Succeeded);
        var maintained = await rpc.BlockNumberAsync();

        var reader = new OperatorContactReader(registry, deployed);
        var before = await reader.ReadAsync(null, registered, CancellationToken.None);
        Assert.Equal(["https://one.example", "https://two.example"], before.Values.OrderBy(c => c.OperatorId).Select(c => c.Endpoint));
        Assert.Equal(Key(0x02, 1), before[1].ShareEncryptionKey);

        var after = await reader.ReadAsync([1UL], maintained, CancellationToken.None);
        Assert.Equal([1UL], after.Keys);
        Assert.Equal("https://one-moved.example", after[1].Endpoint);
        Assert.Equal(Key(0x03, 7), after[1].ShareEncryptionKey);
        Assert.Equal(Key(0x03, 2), (await reader.ReadAsync([2UL], maintained, CancellationToken.None))[2].ShareEncryptionKey);
        Assert.Empty(await reader.ReadAsync([3UL], maintained, CancellationToken.None));

        // The coordinator's view of operator 1 at each block, the status from state and the rest from the events.
        var at = new RegistrySnapshot(registry, BlockTag.At(registered), new(), null!, deployed);
        Assert.Equal("https://one.example", (await at.OperatorAsync(1, CancellationToken.None)).Endpoint);
        var later = new RegistrySnapshot(registry, BlockTag.At(maintained), new(), null!, deployed);
        var view = (await later.OperatorsAsync(2, CancellationToken.None)).Single(o => o.OperatorId == 1);
        Assert.Equal("https://one-moved.example", view.Endpoint);
        Assert.Equal(OperatorStatus.Active, view.Status);
        Assert.NotNull(view.EncryptionKey);
    }
}
