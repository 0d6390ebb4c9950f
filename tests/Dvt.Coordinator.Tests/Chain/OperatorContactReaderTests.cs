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

    [Fact]
    public async Task The_registry_life_is_read_in_bounded_ranges_and_a_refused_range_is_halved()
    {
        var deployer = await SenderAsync(0);
        var deployed = await rpc.BlockNumberAsync();
        var deposit = await DevnetDepositContract.DeployAsync(deployer);
        var registry = await DvtRegistryContract.DeployAsync(deployer, deposit.Address);
        var one = new DvtRegistryContract(registry.Address, rpc, await SenderAsync(3));
        var two = new DvtRegistryContract(registry.Address, rpc, await SenderAsync(4));
        Assert.True((await one.RegisterOperatorAsync(Key(0x02, 3), "https://three.example")).Succeeded);
        Assert.True((await two.RegisterOperatorAsync(Key(0x03, 4), "https://four.example")).Succeeded);
        for (var i = 0; i < 4; i++)
            Assert.True((await one.UpdateOperatorEndpointAsync($"https://three-{i}.example")).Succeeded); // one block each on anvil
        Assert.True((await two.RotateShareEncryptionKeyAsync(Key(0x02, 9))).Succeeded);
        var head = await rpc.BlockNumberAsync();
        var blocks = head.Value - deployed.Value + 1;
        Assert.True(blocks >= 8, $"the history should span several blocks, spans {blocks}");

        // The whole life in one range (the default, 10,000 blocks, covers it) is the reference.
        var whole = new OperatorContactReader(registry, deployed);
        var expected = await whole.ReadAsync(null, head, CancellationToken.None);
        Assert.Equal(1, whole.LogRequests);
        Assert.Equal("https://three-3.example", expected[1].Endpoint);
        Assert.Equal(Key(0x02, 9), expected[2].ShareEncryptionKey);

        // Two blocks per eth_getLogs: the same answer, from ceil(blocks / 2) requests.
        var narrow = new OperatorContactReader(registry, deployed, maxBlockRange: 2);
        AssertSameContacts(expected, await narrow.ReadAsync(null, head, CancellationToken.None));
        Assert.Equal((int)((blocks + 1) / 2), narrow.LogRequests);

        // A node capping ranges at 3 blocks refuses the default range: the reader halves it until served, then keeps it.
        var capped = new FaultInjectingBlockRangeCap(new HttpRpcTransport(anvil.HttpUrl), 3);
        await using var cappedRpc = new RpcClient(capped);
        var overCappedNode = new DvtRegistryContract(registry.Address, cappedRpc);
        var halving = new OperatorContactReader(overCappedNode, deployed);
        AssertSameContacts(expected, await halving.ReadAsync(null, head, CancellationToken.None));
        var asked = capped.Ranges;
        Assert.False(asked[0].Served);
        Assert.All(asked.Where(r => r.Served), r => Assert.True(r.To - r.From + 1 <= 3, $"served range {r.From}..{r.To} is over the cap"));
        var served = asked.Where(r => r.Served).OrderBy(r => r.From).ToArray();
        Assert.Equal(deployed.Value, served[0].From);
        Assert.Equal(head.Value, served[^1].To);
        for (var i = 1; i < served.Length; i++)
            Assert.Equal(served[i - 1].To + 1, served[i].From); // contiguous: no block skipped or read twice
        // Once narrowed, no range is refused again.
        var lastRefused = asked.Select((r, i) => (r, i)).Last(x => !x.r.Served).i;
        Assert.All(asked.Skip(lastRefused + 1), r => Assert.True(r.Served));

        // A range of zero blocks is a configuration error, said as such.
        var zero = new OperatorContactReader(registry, deployed, maxBlockRange: 0);
        var refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => zero.ReadAsync(null, head, CancellationToken.None));
        Assert.Contains("at least 1 block", refused.Message, StringComparison.Ordinal);
    }

    private static void AssertSameContacts(IReadOnlyDictionary<ulong, OperatorContact> expected, IReadOnlyDictionary<ulong, OperatorContact> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (id, contact) in expected)
        {
            Assert.Equal(contact.Endpoint, actual[id].Endpoint);
            Assert.Equal(contact.ShareEncryptionKey, actual[id].ShareEncryptionKey);
        }
    }
}
