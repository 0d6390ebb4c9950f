namespace Dvt.ContractBindings.Abi;

/// <summary>A Solidity custom error (or the built-in Error(string) / Panic(uint256)).</summary>
public sealed class AbiError
{
    private readonly byte[] selector;

    public AbiError(string name, IReadOnlyList<AbiParameter> inputs)
    {
        Name = name;
        Inputs = inputs;
        Signature = $"{name}({string.Join(",", inputs.Select(p => p.Type.CanonicalName))})";
        selector = Keccak256.Hash(Signature).AsSpan(0, 4).ToArray();
    }

    public static readonly AbiError ErrorString = new("Error", [new AbiParameter("message", AbiStringType.Instance)]);

    public static readonly AbiError Panic = new("Panic", [new AbiParameter("code", new AbiIntegerType(256, false))]);

    public string Name { get; }

    public IReadOnlyList<AbiParameter> Inputs { get; }

    public string Signature { get; }

    public ReadOnlySpan<byte> Selector => selector;

    public uint SelectorValue => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(selector);

    /// <summary>The arguments of revert data of this error, decoded by Nethereum and checked against their types.</summary>
    public object?[] Decode(ReadOnlySpan<byte> revertData)
    {
        if (revertData.Length < 4 || !revertData[..4].SequenceEqual(selector))
            throw new AbiDecodingException($"revert data does not start with the selector of {Signature}");
        return NethereumArgumentDecoder.Decode(Inputs, revertData[4..]);
    }

    public override string ToString() => Signature;
}
