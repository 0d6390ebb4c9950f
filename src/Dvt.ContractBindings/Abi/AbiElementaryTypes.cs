namespace Dvt.ContractBindings.Abi;

/// <summary>uintN / intN. Decoded to the narrowest C# type: byte/ushort/uint/ulong or UInt256; sbyte/short/int/long or BigInteger.</summary>
public sealed class AbiIntegerType(int bits, bool signed) : AbiType
{
    public int Bits { get; } = bits;

    public bool Signed { get; } = signed;

    public override string CanonicalName => (Signed ? "int" : "uint") + Bits.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override bool IsDynamic => false;

    public override int HeadSize => 32;
}

public sealed class AbiAddressType : AbiType
{
    public static readonly AbiAddressType Instance = new();

    public override string CanonicalName => "address";

    public override bool IsDynamic => false;

    public override int HeadSize => 32;
}

public sealed class AbiBoolType : AbiType
{
    public static readonly AbiBoolType Instance = new();

    public override string CanonicalName => "bool";

    public override bool IsDynamic => false;

    public override int HeadSize => 32;
}

/// <summary>bytes1..bytes32. Decoded to byte[], except bytes32 which decodes to <see cref="Hash32"/>.</summary>
public sealed class AbiFixedBytesType(int size) : AbiType
{
    public int Size { get; } = size;

    public override string CanonicalName => "bytes" + Size.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override bool IsDynamic => false;

    public override int HeadSize => 32;
}

public sealed class AbiBytesType : AbiType
{
    public static readonly AbiBytesType Instance = new();

    public override string CanonicalName => "bytes";

    public override bool IsDynamic => true;

    public override int HeadSize => 32;
}

public sealed class AbiStringType : AbiType
{
    public static readonly AbiStringType Instance = new();

    public override string CanonicalName => "string";

    public override bool IsDynamic => true;

    public override int HeadSize => 32;
}

/// <summary>T[k] (fixed) or T[] (dynamic). Values are object?[] (or any IList) of the element's values.</summary>
public sealed class AbiArrayType(AbiType element, int? length) : AbiType
{
    public AbiType Element { get; } = element;

    /// <summary>The fixed length, or null for T[].</summary>
    public int? Length { get; } = length;

    public override string CanonicalName => Element.CanonicalName + (Length is { } n ? $"[{n}]" : "[]");

    public override bool IsDynamic => Length is null || Element.IsDynamic;

    public override int HeadSize => IsDynamic ? 32 : Element.HeadSize * Length!.Value;
}

/// <summary>(T1,...,Tn). Values are object?[] in component order.</summary>
public sealed class AbiTupleType : AbiType
{
    public AbiTupleType(IReadOnlyList<AbiParameter> components)
    {
        Components = components;
        CanonicalName = "(" + string.Join(",", components.Select(c => c.Type.CanonicalName)) + ")";
        IsDynamic = components.Any(c => c.Type.IsDynamic);
        HeadSize = IsDynamic ? 32 : components.Sum(c => c.Type.HeadSize);
    }

    public IReadOnlyList<AbiParameter> Components { get; }

    public override string CanonicalName { get; }

    public override bool IsDynamic { get; }

    public override int HeadSize { get; }
}
