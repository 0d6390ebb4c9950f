namespace Dvt.ContractBindings.Abi;

/// <summary>A contract function's metadata: canonical signature and selector. Calls are encoded by Nethereum through the generated Function DTOs.</summary>
public sealed class AbiFunction
{
    private readonly byte[] selector;

    public AbiFunction(string name, IReadOnlyList<AbiParameter> inputs, IReadOnlyList<AbiParameter> outputs, string stateMutability)
    {
        Name = name;
        Inputs = inputs;
        Outputs = outputs;
        StateMutability = stateMutability;
        Signature = $"{name}({string.Join(",", inputs.Select(p => p.Type.CanonicalName))})";
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

    public override string ToString() => Signature;
}
