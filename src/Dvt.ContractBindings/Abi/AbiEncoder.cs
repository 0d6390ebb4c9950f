using System.Collections;
using System.Numerics;
using System.Text;

namespace Dvt.ContractBindings.Abi;

/// <summary>
/// Standard ABI encoding (Solidity ABI spec, "Formal Specification of the Encoding"). Sizes are computed
/// first so the result is written into one buffer without intermediate arrays.
/// </summary>
public static class AbiEncoder
{
    /// <summary>Encodes values as the tuple (types...), i.e. function arguments without the selector.</summary>
    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        CheckCount(types.Count, values.Count, "arguments");
        var size = TupleSize(types, values);
        var buffer = new byte[size];
        WriteTuple(types, values, buffer);
        return buffer;
    }

    /// <summary>Encodes selector || arguments.</summary>
    public static byte[] EncodeCall(ReadOnlySpan<byte> selector, IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        CheckCount(types.Count, values.Count, "arguments");
        var size = TupleSize(types, values);
        var buffer = new byte[4 + size];
        selector[..4].CopyTo(buffer);
        WriteTuple(types, values, buffer.AsSpan(4));
        return buffer;
    }

    private static void CheckCount(int expected, int actual, string what)
    {
        if (expected != actual)
            throw new AbiEncodingException($"expected {expected} {what}, got {actual}");
    }

    private static int TupleSize(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        var size = 0;
        for (var i = 0; i < types.Count; i++)
            size += types[i].IsDynamic ? 32 + Size(types[i], values[i]) : types[i].HeadSize;
        return size;
    }

    /// <summary>Encoded size of one value: for dynamic types, its tail; for static ones, its head.</summary>
    private static int Size(AbiType type, object? value)
    {
        switch (type)
        {
            case AbiBytesType:
                return 32 + Padded(AsBytes(value, type).Length);
            case AbiStringType:
                return 32 + Padded(Encoding.UTF8.GetByteCount(AsString(value)));
            case AbiArrayType array:
            {
                var items = AsList(value, array);
                var elementTypes = Repeat(array.Element, items.Count);
                var body = TupleSize(elementTypes, items);
                return array.Length is null ? 32 + body : body;
            }
            case AbiTupleType tuple:
            {
                var items = AsList(value, tuple);
                CheckCount(tuple.Components.Count, items.Count, $"components for {tuple.CanonicalName}");
                return TupleSize(tuple.Components.Select(c => c.Type).ToArray(), items);
            }
            default:
                return 32;
        }
    }

    private static int WriteTuple(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values, Span<byte> output)
    {
        var headSize = 0;
        for (var i = 0; i < types.Count; i++)
            headSize += types[i].HeadSize;
        var head = 0;
        var tail = headSize;
        for (var i = 0; i < types.Count; i++)
        {
            var type = types[i];
            if (type.IsDynamic)
            {
                new UInt256((ulong)tail).WriteBigEndian(output.Slice(head, 32));
                tail += Write(type, values[i], output[tail..]);
                head += 32;
            }
            else
            {
                head += Write(type, values[i], output[head..]);
            }
        }
        return tail;
    }

    /// <summary>Writes one value at the start of <paramref name="output"/>; returns the bytes written.</summary>
    private static int Write(AbiType type, object? value, Span<byte> output)
    {
        switch (type)
        {
            case AbiIntegerType integer:
                WriteInteger(integer, value, output[..32]);
                return 32;
            case AbiAddressType:
                output[..12].Clear();
                AsAddress(value).Bytes.CopyTo(output[12..32]);
                return 32;
            case AbiBoolType:
                output[..32].Clear();
                output[31] = value is bool b ? (b ? (byte)1 : (byte)0) : throw Mismatch(type, value);
                return 32;
            case AbiFixedBytesType fixedBytes:
            {
                var bytes = AsBytes(value, type);
                if (bytes.Length != fixedBytes.Size)
                    throw new AbiEncodingException($"{type.CanonicalName} needs exactly {fixedBytes.Size} bytes, got {bytes.Length}");
                output[..32].Clear();
                bytes.CopyTo(output);
                return 32;
            }
            case AbiBytesType:
                return WriteDynamicBytes(AsBytes(value, type), output);
            case AbiStringType:
                return WriteDynamicBytes(Encoding.UTF8.GetBytes(AsString(value)), output);
            case AbiArrayType array:
            {
                var items = AsList(value, array);
                if (array.Length is { } fixedLength && items.Count != fixedLength)
                    throw new AbiEncodingException($"{type.CanonicalName} needs {fixedLength} elements, got {items.Count}");
                if (array.Length is null)
                {
                    new UInt256((ulong)items.Count).WriteBigEndian(output[..32]);
                    return 32 + WriteTuple(Repeat(array.Element, items.Count), items, output[32..]);
                }
                return WriteTuple(Repeat(array.Element, items.Count), items, output);
            }
            case AbiTupleType tuple:
            {
                var items = AsList(value, tuple);
                CheckCount(tuple.Components.Count, items.Count, $"components for {tuple.CanonicalName}");
                return WriteTuple(tuple.Components.Select(c => c.Type).ToArray(), items, output);
            }
            default:
                throw new AbiEncodingException($"cannot encode ABI type {type.CanonicalName}");
        }
    }

    private static int WriteDynamicBytes(ReadOnlySpan<byte> bytes, Span<byte> output)
    {
        new UInt256((ulong)bytes.Length).WriteBigEndian(output[..32]);
        var padded = Padded(bytes.Length);
        bytes.CopyTo(output[32..]);
        output.Slice(32 + bytes.Length, padded - bytes.Length).Clear();
        return 32 + padded;
    }

    private static void WriteInteger(AbiIntegerType type, object? value, Span<byte> output)
    {
        var number = AsBigInteger(value, type);
        var bits = type.Bits;
        var min = type.Signed ? -(BigInteger.One << (bits - 1)) : BigInteger.Zero;
        var max = type.Signed ? (BigInteger.One << (bits - 1)) - 1 : (BigInteger.One << bits) - 1;
        if (number < min || number > max)
            throw new AbiEncodingException($"{number} is out of range for {type.CanonicalName}");
        if (number.Sign < 0)
            number += UInt256.Modulus;
        new UInt256(number).WriteBigEndian(output);
    }

    private static BigInteger AsBigInteger(object? value, AbiType type) => value switch
    {
        byte v => v,
        sbyte v => v,
        ushort v => v,
        short v => v,
        uint v => v,
        int v => v,
        ulong v => v,
        long v => v,
        UInt128 v => v,
        Int128 v => v,
        BigInteger v => v,
        UInt256 v => v.Value,
        Enum e => Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture),
        _ => throw Mismatch(type, value),
    };

    private static Address AsAddress(object? value) => value switch
    {
        Address a => a,
        string s => Address.Parse(s),
        _ => throw Mismatch(AbiAddressType.Instance, value),
    };

    private static ReadOnlySpan<byte> AsBytes(object? value, AbiType type) => value switch
    {
        byte[] b => b,
        Hash32 h => h.Bytes,
        ReadOnlyMemory<byte> m => m.Span,
        Memory<byte> m => m.Span,
        _ => throw Mismatch(type, value),
    };

    private static string AsString(object? value) =>
        value as string ?? throw Mismatch(AbiStringType.Instance, value);

    private static IReadOnlyList<object?> AsList(object? value, AbiType type) => value switch
    {
        IReadOnlyList<object?> list => list,
        IList list => list.Cast<object?>().ToArray(),
        IAbiTuple tuple => tuple.ToAbiValues(),
        _ => throw Mismatch(type, value),
    };

    private static AbiType[] Repeat(AbiType type, int count)
    {
        var result = new AbiType[count];
        Array.Fill(result, type);
        return result;
    }

    private static int Padded(int length) => (length + 31) / 32 * 32;

    private static AbiEncodingException Mismatch(AbiType type, object? value) =>
        new($"cannot encode {(value is null ? "null" : value.GetType().Name)} as {type.CanonicalName}");
}
