using System.Buffers;
using System.Buffers.Binary;

namespace Dvt.Consensus.Ssz;

/// <summary>SSZ List[T, N] and Vector[T, N] of composite values and List[uint64, N]: length, serialization, decoding, root.</summary>
public static class SszLists
{
    private const int StackLimit = 1024;

    /// <summary>Serialized length; variable-size elements are preceded by one 4-byte offset each.</summary>
    public static int Length<T>(IReadOnlyList<T> items, bool variableSize) where T : ISszValue
    {
        var total = variableSize ? items.Count * SszReader.OffsetSize : 0;
        foreach (var item in items)
            total += item.SszLength;
        return total;
    }

    public static void Write<T>(ref SszWriter writer, IReadOnlyList<T> items, bool variableSize) where T : ISszValue
    {
        if (variableSize)
        {
            var offset = items.Count * SszReader.OffsetSize;
            foreach (var item in items)
            {
                writer.Offset(offset);
                offset += item.SszLength;
            }
        }
        foreach (var item in items)
            writer.Value(item);
    }

    /// <summary>hash_tree_root of List[T, limit]: element roots merkleized to the limit, mixed with the count.</summary>
    public static void ListRootTo<T>(IReadOnlyList<T> items, int limit, Span<byte> root) where T : ISszValue
    {
        VectorRootTo(items, limit, root);
        Merkleization.MixInLength(root, (ulong)items.Count);
    }

    /// <summary>hash_tree_root of Vector[T, N] (limit = N) without a length mix-in.</summary>
    public static void VectorRootTo<T>(IReadOnlyList<T> items, int limit, Span<byte> root) where T : ISszValue
    {
        if (items.Count > limit)
            throw new InvalidOperationException($"{items.Count} elements exceed the limit of {limit}");
        var length = items.Count * Merkleization.ChunkSize;
        byte[]? rented = null;
        var chunks = length <= StackLimit ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            for (var i = 0; i < items.Count; i++)
                items[i].HashTreeRootTo(SszChunks.At(chunks, i));
            Merkleization.MerkleizeInPlace(chunks, (ulong)limit, root);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>hash_tree_root of List[uint64, limit]: values packed four to a chunk.</summary>
    public static void UInt64ListRootTo(IReadOnlyList<ulong> values, int limit, Span<byte> root)
    {
        if (values.Count > limit)
            throw new InvalidOperationException($"{values.Count} values exceed the limit of {limit}");
        var length = (values.Count * 8 + Merkleization.ChunkSize - 1) / Merkleization.ChunkSize * Merkleization.ChunkSize;
        byte[]? rented = null;
        var chunks = length <= StackLimit ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            chunks.Clear();
            for (var i = 0; i < values.Count; i++)
                BinaryPrimitives.WriteUInt64LittleEndian(chunks[(8 * i)..], values[i]);
            Merkleization.MerkleizeInPlace(chunks, ((ulong)limit * 8 + 31) / 32, root);
            Merkleization.MixInLength(root, (ulong)values.Count);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes a list of fixed-size elements of <paramref name="elementLength"/> bytes each.</summary>
    public static List<T> DecodeFixed<T>(ReadOnlySpan<byte> ssz, int elementLength, int limit, string typeName, string field)
        where T : ISszCodec<T>
    {
        if (ssz.Length % elementLength != 0)
            throw new SszDecodingException(typeName, $"'{field}' is {ssz.Length} bytes, not a multiple of its element size {elementLength}");
        var count = ssz.Length / elementLength;
        if (count > limit)
            throw new SszDecodingException(typeName, $"'{field}' has {count} elements, limit is {limit}");
        var items = new List<T>(count);
        for (var i = 0; i < count; i++)
            items.Add(T.Decode(ssz.Slice(i * elementLength, elementLength)));
        return items;
    }

    /// <summary>Decodes a list of variable-size elements: an offset table, then the elements.</summary>
    public static List<T> DecodeVariable<T>(ReadOnlySpan<byte> ssz, int limit, string typeName, string field) where T : ISszCodec<T>
    {
        if (ssz.Length == 0)
            return [];
        if (ssz.Length < SszReader.OffsetSize)
            throw new SszDecodingException(typeName, $"'{field}' is {ssz.Length} bytes, too short for its first offset");
        var first = BinaryPrimitives.ReadUInt32LittleEndian(ssz);
        if (first % SszReader.OffsetSize != 0 || first == 0 || first > ssz.Length)
            throw new SszDecodingException(typeName, $"'{field}' first offset {first} is not a valid offset-table length");
        var count = (int)(first / SszReader.OffsetSize);
        if (count > limit)
            throw new SszDecodingException(typeName, $"'{field}' has {count} elements, limit is {limit}");
        var items = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            var start = BinaryPrimitives.ReadUInt32LittleEndian(ssz[(i * SszReader.OffsetSize)..]);
            var end = i + 1 < count ? BinaryPrimitives.ReadUInt32LittleEndian(ssz[((i + 1) * SszReader.OffsetSize)..]) : (uint)ssz.Length;
            if (start > end || end > ssz.Length)
                throw new SszDecodingException(typeName, $"'{field}' element {i} has offsets {start}..{end} outside 0..{ssz.Length} or decreasing");
            items.Add(T.Decode(ssz[(int)start..(int)end]));
        }
        return items;
    }

    /// <summary>Decodes List[uint64, limit].</summary>
    public static List<ulong> DecodeUInt64(ReadOnlySpan<byte> ssz, int limit, string typeName, string field)
    {
        if (ssz.Length % 8 != 0)
            throw new SszDecodingException(typeName, $"'{field}' is {ssz.Length} bytes, not a multiple of 8");
        var count = ssz.Length / 8;
        if (count > limit)
            throw new SszDecodingException(typeName, $"'{field}' has {count} elements, limit is {limit}");
        var values = new List<ulong>(count);
        for (var i = 0; i < count; i++)
            values.Add(BinaryPrimitives.ReadUInt64LittleEndian(ssz[(8 * i)..]));
        return values;
    }
}
