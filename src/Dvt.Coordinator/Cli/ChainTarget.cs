using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Signing;
using Dvt.ContractBindings.Transactions;

namespace Dvt.Coordinator.Cli;

/// <summary>A JSON-RPC endpoint and the registry address on that chain.</summary>
public sealed record ChainTarget(Uri RpcUrl, Address Registry)
{
    /// <summary>A read-only registry binding; fails in one line when no contract lives at the address.</summary>
    public async Task<DvtRegistryContract> OpenReadOnlyAsync(CancellationToken ct)
    {
        var rpc = RpcClient.ForUrl(RpcUrl);
        await RequireCodeAsync(rpc, ct).ConfigureAwait(false);
        return new DvtRegistryContract(Registry, rpc);
    }

    /// <summary>A registry binding that sends transactions signed by <paramref name="key"/>.</summary>
    public async Task<DvtRegistryContract> OpenForSendingAsync(EthereumPrivateKey key, CancellationToken ct)
    {
        var rpc = RpcClient.ForUrl(RpcUrl);
        await RequireCodeAsync(rpc, ct).ConfigureAwait(false);
        var sender = await TransactionSender.CreateAsync(rpc, key, ct: ct).ConfigureAwait(false);
        return new DvtRegistryContract(Registry, rpc, sender);
    }

    private async Task RequireCodeAsync(RpcClient rpc, CancellationToken ct)
    {
        var code = await rpc.GetCodeAsync(Registry, ct: ct).ConfigureAwait(false);
        if (code.Length == 0)
            throw new CommandFailedException($"no contract at {Registry} on {RpcUrl}: check --registry / ${ChainOptions.RegistryVariable}");
    }
}
