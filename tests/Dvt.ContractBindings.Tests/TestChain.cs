using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Signing;
using Dvt.ContractBindings.Transactions;
using Dvt.TestSupport;

namespace Dvt.ContractBindings.Tests;

/// <summary>Deployments and emitter calls from anvil's account 0, for tests that need a contract on chain.</summary>
internal static class TestChain
{
    public static async Task<TransactionSender> SenderAsync(RpcClient rpc, int account = 0) =>
        await TransactionSender.CreateAsync(rpc, EthereumPrivateKey.FromHex(AnvilProcess.DefaultPrivateKeys[account]));

    public static async Task<Address> DeployAsync(RpcClient rpc, byte[] runtime)
    {
        var sender = await SenderAsync(rpc);
        var receipt = await sender.SendAsync(new TransactionRequest(null, EvmSnippets.Deployer(runtime)));
        return receipt.ContractAddress ?? throw new InvalidOperationException("deployment has no contract address");
    }

    public static async Task<TransactionReceipt> EmitAsync(RpcClient rpc, Address emitter, Hash32 topic, int count, byte[] payload)
    {
        var sender = await SenderAsync(rpc);
        var data = new byte[32 + 32 + payload.Length];
        new UInt256((ulong)count).WriteBigEndian(data.AsSpan(0, 32));
        topic.Bytes.CopyTo(data.AsSpan(32));
        payload.CopyTo(data, 64);
        return await sender.SendAsync(new TransactionRequest(emitter, data));
    }
}
