using System.Buffers.Binary;
using System.Numerics;

namespace Dvt.ContractBindings.Rlp;

/// <summary>Recursive Length Prefix encoding (Ethereum yellow paper, appendix B).</summary>
public static class RlpEncoder
{
    public static byte[] EncodeBytes(ReadOnlySpan<byte> data)
    {
        if (data.Length == 1 && data[0] < 0x80)
            return [data[0]];
        var header = Header(0x80, data.Length);
        var result = new byte[header.Length + data.Length];
        header.CopyTo(result, 0);
        data.CopyTo(result.AsSpan(header.Length));
        return result;
    }

    /// <summary>Integers are their minimal big-endian bytes; zero is the empty string.</summary>
    public static byte[] EncodeUInt64(ulong value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, value);
        var skip = 0;
        while (skip < 8 && buffer[skip] == 0)
            skip++;
        return EncodeBytes(buffer[skip..]);
    }

    public static byte[] EncodeUInt256(UInt256 value) => EncodeBytes(value.ToMinimalBigEndian());

    public static byte[] EncodeBigInteger(BigInteger value) => EncodeUInt256(new UInt256(value));

    /// <summary>Wraps already-encoded items in a list.</summary>
    public static byte[] EncodeList(params byte[][] encodedItems)
    {
        var payload = 0;
        foreach (var item in encodedItems)
            payload += item.Length;
        var header = Header(0xc0, payload);
        var result = new byte[header.Length + payload];
        header.CopyTo(result, 0);
        var offset = header.Length;
        foreach (var item in encodedItems)
        {
            item.CopyTo(result, offset);
            offset += item.Length;
        }
        return result;
    }

    public static byte[] Encode(RlpItem item) => item.IsList
        ? EncodeList(item.Items.Select(Encode).ToArray())
        : EncodeBytes(item.Bytes.Span);

    private static byte[] Header(byte offset, int length)
    {
        if (length < 56)
            return [(byte)(offset + length)];
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, length);
        var skip = 0;
        while (buffer[skip] == 0)
            skip++;
        var lengthBytes = buffer[skip..];
        var header = new byte[1 + lengthBytes.Length];
        header[0] = (byte)(offset + 55 + lengthBytes.Length);
        lengthBytes.CopyTo(header.AsSpan(1));
        return header;
    }
}
