using System.Numerics;
using System.Text.Json.Serialization;
using Dvt.Consensus.Json;

namespace Dvt.Consensus.Ssz;

/// <summary>
/// An SSZ Bitlist: a variable number of bits. Serialized with a delimiter bit after the last bit
/// (so "0x03" is one set bit). The limit (N in Bitlist[N]) belongs to the container field, which checks it.
/// </summary>
[JsonConverter(typeof(BitlistJsonConverter))]
public sealed class Bitlist : IEquatable<Bitlist>
{
    private readonly byte[] _packed;

    private Bitlist(byte[] packed, int count)
    {
        _packed = packed;
        Count = count;
    }

    /// <summary>Number of bits (the delimiter not counted).</summary>
    public int Count { get; }

    public bool this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return (_packed[index >> 3] & (1 << (index & 7))) != 0;
        }
    }

    public static Bitlist FromBits(IReadOnlyList<bool> bits)
    {
        var packed = new byte[(bits.Count + 7) / 8];
        for (var i = 0; i < bits.Count; i++)
        {
            if (bits[i])
                packed[i >> 3] |= (byte)(1 << (i & 7));
        }
        return new Bitlist(packed, bits.Count);
    }

    /// <summary>Decodes the SSZ form (with delimiter); refuses a missing delimiter and more than <paramref name="limit"/> bits.</summary>
    public static Bitlist Decode(ReadOnlySpan<byte> ssz, int limit, string typeName = "Bitlist")
    {
        if (ssz.Length == 0)
            throw new SszDecodingException(typeName, "bitlist is empty: it needs at least the delimiter byte");
        var last = ssz[^1];
        if (last == 0)
            throw new SszDecodingException(typeName, "bitlist's last byte is zero: the delimiter bit is missing");
        var highBit = 31 - BitOperations.LeadingZeroCount((uint)last);
        var count = 8 * (ssz.Length - 1) + highBit;
        if (count > limit)
            throw new SszDecodingException(typeName, $"bitlist has {count} bits, limit is {limit}");
        var packed = new byte[(count + 7) / 8];
        ssz[..packed.Length].CopyTo(packed);
        if (packed.Length > 0 && count % 8 != 0)
            packed[^1] &= (byte)((1 << (count % 8)) - 1);
        return new Bitlist(packed, count);
    }

    /// <summary>Length of the SSZ form: the bits plus the delimiter bit, rounded up to bytes.</summary>
    public int SszLength => Count / 8 + 1;

    public void SerializeTo(Span<byte> destination)
    {
        destination[..SszLength].Clear();
        _packed.CopyTo(destination);
        destination[Count >> 3] |= (byte)(1 << (Count & 7));
    }

    public byte[] Serialize()
    {
        var bytes = new byte[SszLength];
        SerializeTo(bytes);
        return bytes;
    }

    /// <summary>hash_tree_root as Bitlist[<paramref name="limit"/>]: packed bits merkleized to the limit, mixed with the bit count.</summary>
    public void HashTreeRootTo(int limit, Span<byte> root)
    {
        if (Count > limit)
            throw new InvalidOperationException($"bitlist has {Count} bits, limit is {limit}");
        var chunkCount = (_packed.Length + Merkleization.ChunkSize - 1) / Merkleization.ChunkSize;
        Span<byte> chunks = stackalloc byte[chunkCount * Merkleization.ChunkSize];
        chunks.Clear();
        _packed.CopyTo(chunks);
        Merkleization.MerkleizeInPlace(chunks, (ulong)(limit + 255) / 256, root);
        Merkleization.MixInLength(root, (ulong)Count);
    }

    public bool Equals(Bitlist? other) => other is not null && Count == other.Count && _packed.AsSpan().SequenceEqual(other._packed);

    public override bool Equals(object? obj) => Equals(obj as Bitlist);

    public override int GetHashCode() => HashCode.Combine(Count, _packed.Length > 0 ? _packed[0] : 0);

    /// <summary>The SSZ form as 0x hex, as the beacon API writes it.</summary>
    public override string ToString() => "0x" + Convert.ToHexStringLower(Serialize());
}
