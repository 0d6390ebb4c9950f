using System.Numerics;
using System.Text;

namespace Dvt.ContractBindings.Abi;

/// <summary>
/// Strict ABI decoding: offsets and lengths must lie inside the data, padding must be zero, integers must be
/// in range for their width (sign-extended for intN), bool must be 0 or 1, strings valid UTF-8.
/// Values: see <see cref="AbiIntegerType"/> and <see cref="AbiFixedBytesType"/> for the C# types produced.
/// </summary>
public static class AbiDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static object?[] Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        var minimum = 0;
        foreach (var t in types)
            minimum += t.HeadSize;
        if (data.Length < minimum)
            throw new AbiDecodingException($"ABI data is {data.Length} bytes, the heads of ({string.Join(",", types)}) alone need {minimum}");
        return DecodeTuple(types, data, 0);
    }

    /// <summary>Decodes one value that fills a 32-byte word (an indexed event topic of a static type).</summary>
    public static object? DecodeWord(AbiType type, ReadOnlySpan<byte> word)
    {
        if (word.Length != 32 || type.IsDynamic || type.HeadSize != 32)
            throw new AbiDecodingException($"a single word cannot hold {type.CanonicalName}");
        return DecodeValue(type, word, 0, 0);
    }

    private static object?[] DecodeTuple(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data, int depth)
    {
        if (depth > 32)
            throw new AbiDecodingException("ABI nesting deeper than 32 levels");
        var result = new object?[types.Count];
        var head = 0;
        for (var i = 0; i < types.Count; i++)
        {
            var type = types[i];
            if (type.IsDynamic)
            {
                var offset = ReadLength(data, head, "offset");
                if (offset > data.Length)
                    throw new AbiDecodingException($"offset {offset} at {head} points past the end ({data.Length} bytes) for {type.CanonicalName}");
                result[i] = DecodeValue(type, data[offset..], 0, depth);
            }
            else
            {
                result[i] = DecodeValue(type, data, head, depth);
            }
            head += type.HeadSize;
        }
        return result;
    }

    private static object? DecodeValue(AbiType type, ReadOnlySpan<byte> data, int at, int depth)
    {
        switch (type)
        {
            case AbiIntegerType integer:
                return DecodeInteger(integer, Word(data, at, type));
            case AbiAddressType:
            {
                var word = Word(data, at, type);
                RequireZero(word[..12], at, type);
                return new Address(word[12..]);
            }
            case AbiBoolType:
            {
                var word = Word(data, at, type);
                RequireZero(word[..31], at, type);
                return word[31] switch
                {
                    0 => false,
                    1 => true,
                    _ => throw new AbiDecodingException($"bool at {at} is {word[31]}, not 0 or 1"),
                };
            }
            case AbiFixedBytesType fixedBytes:
            {
                var word = Word(data, at, type);
                RequireZero(word[fixedBytes.Size..], at, type);
                return fixedBytes.Size == 32 ? new Hash32(word) : word[..fixedBytes.Size].ToArray();
            }
            case AbiBytesType:
                return DynamicBytes(data, at, type).ToArray();
            case AbiStringType:
                try
                {
                    return StrictUtf8.GetString(DynamicBytes(data, at, type));
                }
                catch (DecoderFallbackException)
                {
                    throw new AbiDecodingException($"string at {at} is not valid UTF-8");
                }
            case AbiArrayType array:
            {
                int count;
                var body = data[at..];
                if (array.Length is { } fixedLength)
                {
                    count = fixedLength;
                }
                else
                {
                    count = ReadLength(data, at, "array length");
                    body = data[(at + 32)..];
                }
                // Every element takes at least one head slot: refuse counts the data cannot hold before allocating.
                if ((long)count * array.Element.HeadSize > body.Length)
                    throw new AbiDecodingException($"{type.CanonicalName} at {at} claims {count} elements but only {body.Length} bytes follow");
                var types = new AbiType[count];
                Array.Fill(types, array.Element);
                return DecodeTuple(types, body, depth + 1);
            }
            case AbiTupleType tuple:
            {
                var body = data[at..];
                var types = tuple.Components.Select(c => c.Type).ToArray();
                if (tuple.HeadSize > body.Length && !tuple.IsDynamic)
                    throw new AbiDecodingException($"{type.CanonicalName} at {at} is truncated");
                return DecodeTuple(types, body, depth + 1);
            }
            default:
                throw new AbiDecodingException($"cannot decode ABI type {type.CanonicalName}");
        }
    }

    private static ReadOnlySpan<byte> DynamicBytes(ReadOnlySpan<byte> data, int at, AbiType type)
    {
        var length = ReadLength(data, at, "length");
        var start = at + 32;
        var padded = (length + 31) / 32 * 32;
        if ((long)start + padded > data.Length)
            throw new AbiDecodingException($"{type.CanonicalName} at {at} claims {length} bytes but only {data.Length - start} follow");
        RequireZero(data.Slice(start + length, padded - length), at, type);
        return data.Slice(start, length);
    }

    private static object DecodeInteger(AbiIntegerType type, ReadOnlySpan<byte> word)
    {
        var bits = type.Bits;
        var unusedBytes = (256 - bits) / 8;
        if (type.Signed)
        {
            var negative = (word[unusedBytes] & 0x80) != 0;
            var fill = negative ? (byte)0xFF : (byte)0;
            foreach (var b in word[..unusedBytes])
            {
                if (b != fill)
                    throw new AbiDecodingException($"{type.CanonicalName} is not sign-extended correctly");
            }
            var value = new BigInteger(word[unusedBytes..], isUnsigned: false, isBigEndian: true);
            return bits switch
            {
                8 => (object)(sbyte)value,
                16 => (object)(short)value,
                <= 32 => (object)(int)value,
                <= 64 => (object)(long)value,
                _ => (object)value,
            };
        }
        RequireZero(word[..unusedBytes], 0, type);
        var unsigned = new BigInteger(word[unusedBytes..], isUnsigned: true, isBigEndian: true);
        return bits switch
        {
            8 => (object)(byte)unsigned,
            16 => (object)(ushort)unsigned,
            <= 32 => (object)(uint)unsigned,
            <= 64 => (object)(ulong)unsigned,
            _ => (object)new UInt256(unsigned),
        };
    }

    private static ReadOnlySpan<byte> Word(ReadOnlySpan<byte> data, int at, AbiType type)
    {
        if (at < 0 || (long)at + 32 > data.Length)
            throw new AbiDecodingException($"{type.CanonicalName} at {at} is past the end of the data ({data.Length} bytes)");
        return data.Slice(at, 32);
    }

    private static int ReadLength(ReadOnlySpan<byte> data, int at, string what)
    {
        if ((long)at + 32 > data.Length)
            throw new AbiDecodingException($"{what} at {at} is past the end of the data ({data.Length} bytes)");
        var word = data.Slice(at, 32);
        foreach (var b in word[..28])
        {
            if (b != 0)
                throw new AbiDecodingException($"{what} at {at} is too large");
        }
        var value = (uint)(word[28] << 24 | word[29] << 16 | word[30] << 8 | word[31]);
        if (value > int.MaxValue)
            throw new AbiDecodingException($"{what} at {at} is too large");
        return (int)value;
    }

    private static void RequireZero(ReadOnlySpan<byte> padding, int at, AbiType type)
    {
        if (padding.IndexOfAnyExcept((byte)0) >= 0)
            throw new AbiDecodingException($"{type.CanonicalName} at {at} has non-zero padding");
    }
}
