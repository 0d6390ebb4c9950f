using Dvt.ContractBindings.Abi;
using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Transactions;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.Contracts;

namespace Dvt.ContractBindings.Contracts;

/// <summary>
/// What every generated contract class builds on: eth_call for views (reverts decoded into the contract's
/// typed errors), transactions through a <see cref="TransactionSender"/>, and deployment. Calldata, return data,
/// logs and errors are encoded and decoded by Nethereum through the generated DTOs.
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

    /// <summary>eth_call with calldata Nethereum encoded; a revert is decoded into this contract's typed error.</summary>
    protected async Task<byte[]> CallDataAsync(byte[] callData, BlockTag block, UInt256 value, CancellationToken ct)
    {
        try
        {
            return await Rpc.CallAsync(new CallRequest(Address, callData, Sender?.Address, value.IsZero ? null : value), block, ct).ConfigureAwait(false);
        }
        catch (RpcErrorException e) when (RevertData.TryGet(e, out var revert))
        {
            throw DecodeRevert(revert);
        }
    }

    protected Task<TransactionReceipt> SendDataAsync(byte[] callData, UInt256 value, CancellationToken ct)
    {
        var sender = Sender ?? throw new InvalidOperationException($"{GetType().Name} at {Address} was created without a TransactionSender: it can only call views");
        return sender.SendAsync(new TransactionRequest(Address, callData, value), this, ct);
    }

    /// <summary>Return data to Nethereum's FunctionOutput DTO. Empty data (no contract there, or a function it lacks) is refused rather than read as zeros.</summary>
    protected static T DecodeOutput<T>(byte[] output)
        where T : new()
    {
        if (output.Length == 0)
            throw new AbiDecodingException("the call returned no data (is there a contract at this address, with this function?)");
        try
        {
            return new FunctionCallDecoder().DecodeFunctionOutput<T>(Hex.Encode(output));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new AbiDecodingException($"cannot decode the return data as {typeof(T).Name}: {e.Message}");
        }
    }

    /// <summary>A log to Nethereum's Event DTO.</summary>
    protected static T DecodeEventDto<T>(LogEntry log)
        where T : new()
    {
        try
        {
            var topics = log.Topics.Select(t => (object)t.ToString()).ToArray();
            return new EventTopicDecoder().DecodeTopics<T>(topics, Hex.Encode(log.Data));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new AbiDecodingException($"cannot decode the log as {typeof(T).Name}: {e.Message}");
        }
    }

    /// <summary>Revert data (selector included) to Nethereum's Error DTO.</summary>
    protected static T DecodeErrorDto<T>(byte[] revertData)
        where T : class, new()
    {
        try
        {
            return ErrorExtensions.DecodeExceptionEncodedData<T>(Hex.Encode(revertData));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new AbiDecodingException($"cannot decode the revert data as {typeof(T).Name}: {e.Message}");
        }
    }

    /// <summary>The 4-byte selector of an Error DTO as lower-case hex without 0x, as Nethereum computes it.</summary>
    protected static string ErrorSelector<T>() =>
        ABITypedRegistry.GetError<T>().Sha3Signature.Replace("0x", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>Deploys init code (bytecode || constructor arguments Nethereum encoded) and returns the new address.</summary>
    protected static async Task<Address> DeployCodeAsync(TransactionSender sender, ContractAbi abi, string bytecodeHex, byte[] constructorArguments, UInt256 value, CancellationToken ct)
    {
        var code = Hex.DecodeData(bytecodeHex, "bytecode");
        var receipt = await sender.SendAsync(new TransactionRequest(null, [.. code, .. constructorArguments], value), abi, ct).ConfigureAwait(false);
        return receipt.ContractAddress ?? throw new InvalidOperationException($"deployment {receipt.TransactionHash} has no contract address");
    }
}
