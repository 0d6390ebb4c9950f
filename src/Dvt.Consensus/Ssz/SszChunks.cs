using System.Buffers.Binary;
using Dvt.Consensus.Primitives;

namespace Dvt.Consensus.Ssz;

/// <summary>Writes the hash_tree_root of SSZ basic values and byte vectors into 32-byte chunks.</summary>
public static class SszChunks
{
    /// <summary>Chunk number <paramref name="index"/> of a chunk buffer.</summary>
    public static Span<byte> At(Span<byte> chunks, int index) => chunks.Slice(index * Merkleization.ChunkSize, Merkleization.ChunkSize);

    /// <summary>hash_tree_root(uint64): little-endian, zero-padded to 32 bytes.</summary>
    public static void UInt64(ulong value, Span<byte> chunk)
    {
        chunk.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(chunk, value);
    }

    /// <summary>hash_tree_root(ByteVector[N]): packed into chunks and merkleized (N ≤ 32 is just zero padding).</summary>
    public static void Bytes(ReadOnlySpan<byte> bytes, Span<byte> root)
    {
        if (bytes.Length <= Merkleization.ChunkSize)
        {
            root.Clear();
            bytes.CopyTo(root);
            return;
        }
        var count = (bytes.Length + Merkleization.ChunkSize - 1) / Merkleization.ChunkSize;
        Span<byte> chunks = stackalloc byte[count * Merkleization.ChunkSize];
        chunks.Clear();
        bytes.CopyTo(chunks);
        Merkleization.MerkleizeInPlace(chunks, (ulong)count, root);
    }

    public static void Bytes<T>(T value, Span<byte> root) where T : struct, IFixedBytes<T> => Bytes(value.AsSpan(), root);
}
