using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Signing;
using Dvt.ContractBindings.Transactions;

namespace Dvt.Coordinator.Cli;

/// <summary>A JSON-RPC endpoint and the registry address on that chain.</summary>
public sealed record ChainTarget(Uri RpcUrl, Address Registry)
{
    /// <summary>A read-only registry binding; fails in one line when no contract, or a contract that is not a dvt registry, lives at the address.</summary>
    public async Task<DvtRegistryContract> OpenReadOnlyAsync(CancellationToken ct)
    {
        var rpc = RpcClient.ForUrl(RpcUrl);
        await RequireCodeAsync(rpc, ct).ConfigureAwait(false);
        var registry = new DvtRegistryContract(Registry, rpc);
        await RequireRegistryAsync(registry, ct).ConfigureAwait(false);
        return registry;
    }

    /// <summary>A registry binding that sends transactions signed by <paramref name="key"/>.</summary>
    public async Task<DvtRegistryContract> OpenForSendingAsync(EthereumPrivateKey key, CancellationToken ct)
    {
        var rpc = RpcClient.ForUrl(RpcUrl);
        await RequireCodeAsync(rpc, ct).ConfigureAwait(false);
        await RequireRegistryAsync(new DvtRegistryContract(Registry, rpc), ct).ConfigureAwait(false);
        var sender = await TransactionSender.CreateAsync(rpc, key, ct: ct).ConfigureAwait(false);
        return new DvtRegistryContract(Registry, rpc, sender);
    }

    /// <summary>
    /// A contract that is not the registry answers its views with a revert or with bytes that do not decode; say
    /// that, not "execution reverted without data". A node that cannot be reached is reported as such.
    /// </summary>
    private async Task RequireRegistryAsync(DvtRegistryContract registry, CancellationToken ct)
    {
        try
        {
            await registry.OperatorCountAsync(BlockTag.Latest, ct).ConfigureAwait(false);
            await registry.ValidatorCountAsync(BlockTag.Latest, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (OperationCanceledException or RpcTransportException))
        {
            throw new CommandFailedException($"not a dvt registry at {Registry} on {RpcUrl}: it does not answer the registry's views ({ErrorReport.OneLine(e.Message)})");
        }
    }

    private async Task RequireCodeAsync(RpcClient rpc, CancellationToken ct)
    {
        var code = await rpc.GetCodeAsync(Registry, ct: ct).ConfigureAwait(false);
        if (code.Length == 0)
            throw new CommandFailedException($"no contract at {Registry} on {RpcUrl}: check --registry / ${ChainOptions.RegistryVariable}");
    }
}
