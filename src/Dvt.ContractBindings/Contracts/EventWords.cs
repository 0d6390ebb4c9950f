using Dvt.ContractBindings.Abi;

namespace Dvt.ContractBindings.Contracts;

/// <summary>
/// Strict readers of a log's ABI words, for the decoders the generator writes for events whose fields are all
/// uint8..uint64, bool, address, bytes32 or bytes (every event a coordinator follows in volume). Nethereum decodes
/// the same logs through hex strings and reflection at about a tenth of the follower's budget per log; these read
/// the words in place. On a well-formed log they give what Nethereum's DTO decode and our range checks give (the tests
/// compare both on random logs); on a malformed one they are as strict or stricter: a value wider than its type, a
/// bool other than 0 or 1, a dirty address padding, an offset other than the canonical one, a length outside the data,
/// non-zero padding after dynamic bytes, and bytes after the encoding are each an <see cref="AbiDecodingException"/>:
/// whatever they accept, Nethereum reads the same way.
/// </summary>
public static class EventWords
{
    /// <summary>The index-th 32-byte head word of the data.</summary>
    public static ReadOnlySpan<byte> Word(ReadOnlySpan<byte> data, int index, string field)
    {
        var start = (long)index * 32;
        if (start + 32 > data.Length)
            throw new AbiDecodingException($"{field}: the log data ends at byte {data.Length}, before word {index}");
        return data.Slice((int)start, 32);
    }

    /// <summary>An unsigned integer of <paramref name="bits"/> (8..64) bits; wider values are refused.</summary>
    public static ulong UInt(ReadOnlySpan<byte> word, int bits, string field)
    {
        var bytes = bits / 8;
        if (word[..(32 - bytes)].IndexOfAnyExcept((byte)0) >= 0)
            throw new AbiDecodingException($"{field}: value does not fit in uint{bits}");
        ulong value = 0;
        foreach (var b in word[(32 - bytes)..])
            value = (value << 8) | b;
        return value;
    }

    public static bool Bool(ReadOnlySpan<byte> word, string field)
    {
        var value = UInt(word, 8, field);
        return value switch
        {
            0 => false,
            1 => true,
            _ => throw new AbiDecodingException($"{field}: a bool must be 0 or 1, got {value}"),
        };
    }

    public static Address Address(ReadOnlySpan<byte> word, string field)
    {
        if (word[..12].IndexOfAnyExcept((byte)0) >= 0)
            throw new AbiDecodingException($"{field}: an address has 12 zero bytes of padding");
        return new Address(word[12..]);
    }

    public static Hash32 Bytes32(ReadOnlySpan<byte> word) => new(word);

    /// <summary>
    /// A dynamic <c>bytes</c> whose offset is in head word <paramref name="index"/>, read only where canonical ABI
    /// encoding puts it: the offset must equal <paramref name="tail"/> (the head's size for the first dynamic field,
    /// then the end of the previous one), the length must fit in the data, and the padding up to the next 32-byte
    /// boundary must be zero. <paramref name="tail"/> moves past the field. The registry's logs are written by solc's
    /// encoder, which is canonical: any other form is a log no honest node serves, and two decoders could read it
    /// differently (an offset pointing elsewhere, bytes hidden in padding).
    /// </summary>
    public static byte[] Bytes(ReadOnlySpan<byte> data, int index, ref int tail, string field)
    {
        var offset = UInt(Word(data, index, field), 64, field);
        if (offset != (ulong)tail)
            throw new AbiDecodingException($"{field}: offset {offset} is not where canonical ABI encoding puts it ({tail})");
        if (offset + 32 > (ulong)data.Length)
            throw new AbiDecodingException($"{field}: offset {offset} is outside the log data ({data.Length} bytes)");
        var length = UInt(data.Slice((int)offset, 32), 64, field);
        var start = offset + 32;
        if (length > (ulong)data.Length - start)
            throw new AbiDecodingException($"{field}: length {length} runs past the log data ({data.Length} bytes)");
        var padded = (length + 31) / 32 * 32;
        if (padded > (ulong)data.Length - start)
            throw new AbiDecodingException($"{field}: its padding to a 32-byte boundary runs past the log data ({data.Length} bytes)");
        if (data.Slice((int)(start + length), (int)(padded - length)).IndexOfAnyExcept((byte)0) >= 0)
            throw new AbiDecodingException($"{field}: non-zero bytes in the padding after its {length} bytes");
        tail = (int)(start + padded);
        return data.Slice((int)start, (int)length).ToArray();
    }

    /// <summary>The data ends where the canonical encoding of the fields read ends (<paramref name="end"/>): no bytes beyond it.</summary>
    public static void End(ReadOnlySpan<byte> data, int end, string eventName)
    {
        if (data.Length != end)
            throw new AbiDecodingException($"{eventName}: the log data has {data.Length} bytes; its canonical encoding has {end}");
    }
}
