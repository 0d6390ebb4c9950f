using Dvt.ContractBindings.Abi;
using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Transactions;

namespace Dvt.ContractBindings.Contracts;

/// <summary>
/// What every generated contract class builds on: eth_call for views (reverts decoded into the contract's
/// typed errors), transactions through a <see cref="TransactionSender"/>, and deployment.
/// </summary>
public abstract class ContractBinding : IRevertDecoder
{
    protected ContractBinding(ContractAbi abi, Address address, RpcClient rpc, TransactionSender? sender)
    {
        ContractAbi = abi;
        Address = address;
        Rpc = rpc;
        Sender = sender;
    }

    public ContractAbi ContractAbi { get; }

    public Address Address { get; }

    public RpcClient Rpc { get; }

    /// <summary>Signs transactions; null for a read-only binding.</summary>
    public TransactionSender? Sender { get; }

    /// <summary>Decodes revert data; generated classes override it to return their typed error exceptions.</summary>
    public virtual ContractRevertException DecodeRevert(ReadOnlySpan<byte> revertData) => ContractAbi.DecodeRevert(revertData);

    protected async Task<object?[]> CallFunctionAsync(AbiFunction function, object?[] arguments, BlockTag block, UInt256 value, CancellationToken ct)
    {
        var data = function.EncodeCall(arguments);
        byte[] result;
        try
        {
            result = await Rpc.CallAsync(new CallRequest(Address, data, Sender?.Address, value.IsZero ? null : value), block, ct).ConfigureAwait(false);
        }
        catch (RpcErrorException e) when (RevertData.TryGet(e, out var revert))
        {
            throw DecodeRevert(revert);
        }
        return function.DecodeOutput(result);
    }

    protected Task<TransactionReceipt> SendFunctionAsync(AbiFunction function, object?[] arguments, UInt256 value, CancellationToken ct)
    {
        var sender = Sender ?? throw new InvalidOperationException($"{GetType().Name} at {Address} was created without a TransactionSender: it can only call views");
        return sender.SendAsync(new TransactionRequest(Address, function.EncodeCall(arguments), value), this, ct);
    }

    /// <summary>Deploys init code (bytecode || encoded constructor arguments) and returns the new address.</summary>
    protected static async Task<Address> DeployCodeAsync(TransactionSender sender, ContractAbi abi, string bytecodeHex, object?[] constructorArguments, UInt256 value, CancellationToken ct)
    {
        var code = Hex.DecodeData(bytecodeHex, "bytecode");
        var arguments = AbiEncoder.Encode(abi.ConstructorInputs.Select(p => p.Type).ToArray(), constructorArguments);
        var receipt = await sender.SendAsync(new TransactionRequest(null, [.. code, .. arguments], value), abi, ct).ConfigureAwait(false);
        return receipt.ContractAddress ?? throw new InvalidOperationException($"deployment {receipt.TransactionHash} has no contract address");
    }
}
