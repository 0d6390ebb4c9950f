using System.Text.Json.Serialization;
using Dvt.Consensus.Json;

namespace Dvt.Consensus.Ssz;

/// <summary>An SSZ Bitvector[N]: exactly N bits, packed little-endian within bytes, no delimiter.</summary>
[JsonConverter(typeof(BitvectorJsonConverter))]
public sealed class Bitvector : IEquatable<Bitvector>
{
    private readonly byte[] _packed;

    private Bitvector(byte[] packed, int count)
    {
        _packed = packed;
        Count = count;
    }

    /// <summary>N, the number of bits.</summary>
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

    public static Bitvector FromBits(IReadOnlyList<bool> bits)
    {
        if (bits.Count == 0)
            throw new ArgumentException("a bitvector has at least one bit", nameof(bits));
        var packed = new byte[(bits.Count + 7) / 8];
        for (var i = 0; i < bits.Count; i++)
        {
            if (bits[i])
                packed[i >> 3] |= (byte)(1 << (i & 7));
        }
        return new Bitvector(packed, bits.Count);
    }

    /// <summary>Decodes Bitvector[<paramref name="count"/>]; refuses a wrong length or set bits past N.</summary>
    public static Bitvector Decode(ReadOnlySpan<byte> ssz, int count, string typeName = "Bitvector")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var length = (count + 7) / 8;
        if (ssz.Length != length)
            throw new SszDecodingException(typeName, $"Bitvector[{count}] is {length} bytes, got {ssz.Length}");
        if (count % 8 != 0 && (ssz[^1] >> (count % 8)) != 0)
            throw new SszDecodingException(typeName, $"Bitvector[{count}] has bits set past bit {count - 1}");
        return new Bitvector(ssz.ToArray(), count);
    }

    public int SszLength => _packed.Length;

    public void SerializeTo(Span<byte> destination) => _packed.CopyTo(destination);

    public byte[] Serialize() => (byte[])_packed.Clone();

    /// <summary>hash_tree_root: packed bits merkleized to ceil(N / 256) chunks.</summary>
    public void HashTreeRootTo(Span<byte> root)
    {
        var limit = (Count + 255) / 256;
        Span<byte> chunks = stackalloc byte[limit * Merkleization.ChunkSize];
        chunks.Clear();
        _packed.CopyTo(chunks);
        Merkleization.MerkleizeInPlace(chunks, (ulong)limit, root);
    }

    public bool Equals(Bitvector? other) => other is not null && Count == other.Count && _packed.AsSpan().SequenceEqual(other._packed);

    public override bool Equals(object? obj) => Equals(obj as Bitvector);

    public override int GetHashCode() => HashCode.Combine(Count, _packed[0]);

    public override string ToString() => "0x" + Convert.ToHexStringLower(_packed);
}
