using System.Collections;
using System.Numerics;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.Model;

namespace Dvt.ContractBindings.Abi;

/// <summary>
/// Decodes ABI arguments described by an ABI JSON entry (a custom error's inputs, Error(string), Panic(uint256)) with
/// Nethereum's decoder, then converts each value to this library's types and checks it fits its declared type
/// (Nethereum does not): uint8..uint64 as byte..ulong, wider as <see cref="UInt256"/>; intN likewise signed; address as
/// <see cref="Address"/>; bytes32 as <see cref="Hash32"/>; other bytes as byte[]; arrays and tuples as object?[].
/// Anything Nethereum refuses, or a value outside its type, is an <see cref="AbiDecodingException"/>.
/// </summary>
internal static class NethereumArgumentDecoder
{
    public static object?[] Decode(IReadOnlyList<AbiParameter> inputs, ReadOnlySpan<byte> data)
    {
        var parameters = inputs.Select((p, i) => ToNethereum(p, i + 1)).ToArray();
        // Nethereum reads a cut last word as if it were zero-padded; canonical encodings are whole words, heads first.
        var head = inputs.Sum(p => p.Type.HeadSize);
        if (data.Length % 32 != 0 || data.Length < head)
            throw new AbiDecodingException(
                $"({string.Join(",", inputs.Select(i => i.Type.CanonicalName))}) needs whole 32-byte words and at least {head} bytes, got {data.Length}");
        List<ParameterOutput> outputs;
        try
        {
            outputs = new FunctionCallDecoder().DecodeDefaultData(data.ToArray(), parameters);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not AbiDecodingException)
        {
            throw new AbiDecodingException($"({string.Join(",", inputs.Select(i => i.Type.CanonicalName))}) does not decode from {data.Length} bytes: {e.Message}");
        }
        if (outputs.Count != inputs.Count)
            throw new AbiDecodingException($"expected {inputs.Count} values, Nethereum decoded {outputs.Count}");
        var ordered = outputs.OrderBy(o => o.Parameter.Order).ToArray();
        return inputs.Select((p, i) => Convert(p.Type, ordered[i].Result)).ToArray();
    }

    private static Parameter ToNethereum(AbiParameter p, int order)
    {
        if (p.Type is AbiTupleType || (p.Type is AbiArrayType array && Innermost(array) is AbiTupleType))
            throw new AbiDecodingException($"{p.Name}: tuple arguments are not decoded generically ({p.Type.CanonicalName})");
        return new Parameter(p.Type.CanonicalName, p.Name, order);
    }

    private static AbiType Innermost(AbiArrayType array) => array.Element is AbiArrayType inner ? Innermost(inner) : array.Element;

    private static object? Convert(AbiType type, object? value)
    {
        switch (type)
        {
            case AbiIntegerType integer:
                return Integer(integer, value is BigInteger big ? big : throw Unexpected(type, value));
            case AbiAddressType:
                return value is string text && text.Length == 42 && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                    ? new Address(System.Convert.FromHexString(text.AsSpan(2)))
                    : throw Unexpected(type, value);
            case AbiBoolType:
                return value is bool b ? b : throw Unexpected(type, value);
            case AbiFixedBytesType fixedBytes:
                if (value is not byte[] fixedValue || fixedValue.Length != fixedBytes.Size)
                    throw Unexpected(type, value);
                return fixedBytes.Size == 32 ? new Hash32(fixedValue) : fixedValue;
            case AbiBytesType:
                return value as byte[] ?? throw Unexpected(type, value);
            case AbiStringType:
                return value as string ?? throw Unexpected(type, value);
            case AbiArrayType array:
                if (value is not IEnumerable items || value is string or byte[])
                    throw Unexpected(type, value);
                var converted = items.Cast<object?>().Select(item => Convert(array.Element, item)).ToArray();
                if (array.Length is { } length && converted.Length != length)
                    throw new AbiDecodingException($"{type.CanonicalName}: {converted.Length} elements");
                return converted;
            default:
                throw Unexpected(type, value);
        }
    }

    private static object Integer(AbiIntegerType type, BigInteger value)
    {
        var bits = type.Bits;
        var (min, max) = type.Signed
            ? (-(BigInteger.One << (bits - 1)), (BigInteger.One << (bits - 1)) - 1)
            : (BigInteger.Zero, (BigInteger.One << bits) - 1);
        if (value < min || value > max)
            throw new AbiDecodingException($"{type.CanonicalName}: value {value} is outside the type");
        if (type.Signed)
        {
            return bits switch
            {
                8 => (object)(sbyte)value,
                16 => (object)(short)value,
                <= 32 => (object)(int)value,
                <= 64 => (object)(long)value,
                _ => (object)value,
            };
        }
        return bits switch
        {
            8 => (object)(byte)value,
            16 => (object)(ushort)value,
            <= 32 => (object)(uint)value,
            <= 64 => (object)(ulong)value,
            _ => (object)new UInt256(value),
        };
    }

    private static AbiDecodingException Unexpected(AbiType type, object? value) =>
        new($"{type.CanonicalName}: Nethereum decoded {value?.GetType().Name ?? "null"}");
}
