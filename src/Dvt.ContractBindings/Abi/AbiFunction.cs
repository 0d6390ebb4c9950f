namespace Dvt.ContractBindings.Abi;

/// <summary>A contract function: encodes calls (selector + arguments) and decodes return data.</summary>
public sealed class AbiFunction
{
    private readonly AbiType[] inputTypes;
    private readonly AbiType[] outputTypes;
    private readonly byte[] selector;

    public AbiFunction(string name, IReadOnlyList<AbiParameter> inputs, IReadOnlyList<AbiParameter> outputs, string stateMutability)
    {
        Name = name;
        Inputs = inputs;
        Outputs = outputs;
        StateMutability = stateMutability;
        inputTypes = inputs.Select(p => p.Type).ToArray();
        outputTypes = outputs.Select(p => p.Type).ToArray();
        Signature = $"{name}({string.Join(",", inputTypes.Select(t => t.CanonicalName))})";
        selector = Keccak256.Hash(Signature).AsSpan(0, 4).ToArray();
    }

    /// <summary>Parses "name(type,...)" with optional " returns (type,...)" — handy for ad-hoc calls and tests.</summary>
    public static AbiFunction Parse(string signature, string stateMutability = "nonpayable")
    {
        var returnsAt = signature.IndexOf(" returns ", StringComparison.Ordinal);
        var callPart = returnsAt >= 0 ? signature[..returnsAt] : signature;
        var open = callPart.IndexOf('(');
        if (open <= 0)
            throw new FormatException($"function signature '{signature}' has no name or no '('");
        var inputs = (AbiTupleType)AbiType.Parse(callPart[open..]);
        IReadOnlyList<AbiParameter> outputs = returnsAt >= 0
            ? ((AbiTupleType)AbiType.Parse(signature[(returnsAt + " returns ".Length)..].Trim())).Components
            : [];
        return new AbiFunction(callPart[..open], inputs.Components, outputs, stateMutability);
    }

    public string Name { get; }

    public IReadOnlyList<AbiParameter> Inputs { get; }

    public IReadOnlyList<AbiParameter> Outputs { get; }

    public string StateMutability { get; }

    /// <summary>True for view and pure functions: they are read with eth_call, not sent.</summary>
    public bool IsReadOnly => StateMutability is "view" or "pure";

    public bool IsPayable => StateMutability == "payable";

    /// <summary>The canonical signature "name(type,...)" whose Keccak-256 prefix is the selector.</summary>
    public string Signature { get; }

    public ReadOnlySpan<byte> Selector => selector;

    public byte[] EncodeCall(params object?[] arguments) => AbiEncoder.EncodeCall(selector, inputTypes, arguments);

    public object?[] DecodeOutput(ReadOnlySpan<byte> returnData)
    {
        try
        {
            return AbiDecoder.Decode(outputTypes, returnData);
        }
        catch (AbiDecodingException e)
        {
            throw new AbiDecodingException($"decoding the result of {Signature}: {e.Message}");
        }
    }

    public object?[] DecodeInput(ReadOnlySpan<byte> calldata)
    {
        if (calldata.Length < 4 || !calldata[..4].SequenceEqual(selector))
            throw new AbiDecodingException($"calldata does not start with the selector of {Signature}");
        return AbiDecoder.Decode(inputTypes, calldata[4..]);
    }

    public override string ToString() => Signature;
}
