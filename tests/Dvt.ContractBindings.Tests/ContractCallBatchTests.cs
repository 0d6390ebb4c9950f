using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Rpc;
using Dvt.TestSupport;

namespace Dvt.ContractBindings.Tests;

/// <summary>Batched views against the real registry on anvil: one aggregated eth_call per chunk, answers as the single calls give them.</summary>
public sealed class ContractCallBatchTests(AnvilProcess anvil) : AnvilSnapshotTests(anvil)
{
    private async Task<DvtRegistryContract> RegistryWithOperatorsAsync(int operators)
    {
        var deployer = await TestChain.SenderAsync(Rpc, 0);
        var deposit = await DevnetDepositContract.DeployAsync(deployer);
        var registry = await DvtRegistryContract.DeployAsync(deployer, deposit.Address);
        for (var i = 0; i < operators; i++)
        {
            var key = new byte[33];
            key[0] = 0x02;
            key[32] = (byte)(i + 1);
            await new DvtRegistryContract(registry.Address, Rpc, await TestChain.SenderAsync(Rpc, i)).RegisterOperatorAsync(key, $"https://op{i + 1}.example");
        }
        return registry;
    }

    [Fact]
    public async Task Views_in_a_batch_are_one_eth_call_per_chunk_and_answer_as_single_calls_including_typed_reverts()
    {
        var registry = await RegistryWithOperatorsAsync(3);
        var block = BlockTag.At(await Rpc.BlockNumberAsync());
        var recording = new RecordingTransport(new HttpRpcTransport(Anvil.HttpUrl));
        await using var counted = new RpcClient(recording);
        var reader = new DvtRegistryContract(registry.Address, counted);

        // 250 views: two chunks (200 + 50). Operators 1..3 exist; 4 is unknown and reverts with UnknownOperator(4).
        var batch = reader.NewBatch(block);
        var ids = Enumerable.Range(0, 250).Select(i => (ulong)(i % 4 + 1)).ToArray();
        var answers = ids.Select(id => batch.GetOperatorAsync(id)).ToArray();
        var count = batch.OperatorCountAsync();
        await batch.ExecuteAsync();

        Assert.Equal(2, recording.Count("eth_call"));
        Assert.All(recording.Requests, r => Assert.False(r.GetProperty("params")[0].TryGetProperty("to", out _))); // deployless: no `to`
        Assert.Equal(3UL, await count);
        for (var i = 0; i < ids.Length; i++)
        {
            if (ids[i] == 4)
            {
                var error = await Assert.ThrowsAsync<DvtRegistryContract.UnknownOperatorException>(() => answers[i]);
                Assert.Equal(4UL, error.OperatorId);
                var single = await Assert.ThrowsAsync<DvtRegistryContract.UnknownOperatorException>(() => registry.GetOperatorAsync(4, block));
                Assert.Equal(single.Message, error.Message);
            }
            else
            {
                Assert.Equal(await registry.GetOperatorAsync(ids[i], block), await answers[i]);
            }
        }
    }

    [Fact]
    public async Task A_node_that_refuses_the_aggregated_call_gets_a_json_rpc_batch_with_the_same_answers()
    {
        var registry = await RegistryWithOperatorsAsync(2);
        var block = BlockTag.At(await Rpc.BlockNumberAsync());
        var recording = new RecordingTransport(new FaultInjectingDeploylessRefusal(new HttpRpcTransport(Anvil.HttpUrl)));
        await using var counted = new RpcClient(recording);
        var batch = new DvtRegistryContract(registry.Address, counted).NewBatch(block);
        var first = batch.GetOperatorAsync(1);
        var second = batch.GetOperatorAsync(2);
        var unknown = batch.GetOperatorAsync(9);
        await batch.ExecuteAsync();

        Assert.Equal(1 + 3, recording.Count("eth_call")); // the refused aggregate, then each view
        Assert.Equal(await registry.GetOperatorAsync(1, block), await first);
        Assert.Equal(await registry.GetOperatorAsync(2, block), await second);
        Assert.Equal(9UL, (await Assert.ThrowsAsync<DvtRegistryContract.UnknownOperatorException>(() => unknown)).OperatorId);
    }
}
