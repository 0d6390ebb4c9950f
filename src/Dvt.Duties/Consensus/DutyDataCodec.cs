using System.Buffers.Binary;
using Dvt.Consensus.Primitives;
using Dvt.Qbft.Encoding;
using Dvt.Qbft.Messages;

namespace Dvt.Duties.Consensus;

/// <summary>
/// The QBFT value of a duty: the validators' unsigned data sorted by public key, so equal data is equal bytes.
/// <c>count(4) (public_key(48) length(4) data)*</c>, keys strictly ascending, nothing after the last entry.
/// </summary>
public static class DutyDataCodec
{
    public static byte[] Encode(DutyData data)
    {
        var entries = data.ByValidator.OrderBy(e => Convert.ToHexString(e.Key.AsSpan()), StringComparer.Ordinal).ToArray();
        var bytes = new byte[4 + entries.Sum(e => 48 + 4 + e.Value.Length)];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)entries.Length);
        var offset = 4;
        foreach (var (key, value) in entries)
        {
            key.AsSpan().CopyTo(bytes.AsSpan(offset));
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(offset + 48), (uint)value.Length);
            value.CopyTo(bytes, offset + 52);
            offset += 52 + value.Length;
        }
        return bytes;
    }

    /// <summary>Reads a decided value; throws <see cref="QbftMessageFormatException"/> naming the part at fault.</summary>
    public static DutyData Decode(InstanceId duty, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4)
            throw new QbftMessageFormatException("duty_data.count", "value ends before it");
        var count = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        var result = new Dictionary<BlsPublicKeyBytes, byte[]>();
        var offset = 4;
        string? previous = null;
        for (var i = 0; i < count; i++)
        {
            if (bytes.Length - offset < 52)
                throw new QbftMessageFormatException($"duty_data[{i}]", "value ends inside the entry");
            var key = new BlsPublicKeyBytes(bytes.Slice(offset, 48));
            var hex = Convert.ToHexString(bytes.Slice(offset, 48));
            if (previous is not null && string.CompareOrdinal(previous, hex) >= 0)
                throw new QbftMessageFormatException($"duty_data[{i}].public_key", "keys must be strictly ascending");
            previous = hex;
            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes[(offset + 48)..]);
            if (length > bytes.Length - offset - 52)
                throw new QbftMessageFormatException($"duty_data[{i}].length", $"declares {length} bytes, {bytes.Length - offset - 52} remain");
            result[key] = bytes.Slice(offset + 52, (int)length).ToArray();
            offset += 52 + (int)length;
        }
        if (offset != bytes.Length)
            throw new QbftMessageFormatException("duty_data", $"{bytes.Length - offset} bytes after the last entry");
        return new DutyData(duty, result);
    }
}
