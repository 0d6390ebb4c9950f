using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Dvt.Consensus.Ssz;

/// <summary>
/// SSZ merkleization with SHA-256 (consensus-specs ssz/simple-serialize.md, "Merkleization"):
/// chunks padded with zero subtrees up to the next power of two of the limit, and mix_in_length.
/// Works in caller-provided spans so hashing a container allocates nothing.
/// </summary>
public static class Merkleization
{
    public const int ChunkSize = 32;

    /// <summary>Deep enough for any SSZ limit (2^64 chunks).</summary>
    public const int MaxDepth = 64;

    private static readonly byte[] ZeroHashes = BuildZeroHashes();

    /// <summary>The root of a tree of depth <paramref name="depth"/> whose leaves are all zero chunks.</summary>
    public static ReadOnlySpan<byte> ZeroHash(int depth)
    {
        if ((uint)depth > MaxDepth)
            throw new ArgumentOutOfRangeException(nameof(depth), depth, $"depth must be 0..{MaxDepth}");
        return ZeroHashes.AsSpan(depth * ChunkSize, ChunkSize);
    }

    /// <summary>Tree depth for <paramref name="limit"/> chunks: ceil(log2(limit)), 0 for 0 or 1.</summary>
    public static int DepthFor(ulong limit) => limit <= 1 ? 0 : 64 - BitOperations.LeadingZeroCount(limit - 1);

    /// <summary>
    /// merkleize(chunks, limit): writes the root to <paramref name="root"/>. <paramref name="chunks"/> holds
    /// whole 32-byte chunks and is overwritten (used as scratch for the inner levels).
    /// </summary>
    public static void MerkleizeInPlace(Span<byte> chunks, ulong limit, Span<byte> root)
    {
        if (chunks.Length % ChunkSize != 0)
            throw new ArgumentException($"chunks must be a multiple of {ChunkSize} bytes, got {chunks.Length}", nameof(chunks));
        if (root.Length != ChunkSize)
            throw new ArgumentException($"root must be {ChunkSize} bytes, got {root.Length}", nameof(root));
        var count = chunks.Length / ChunkSize;
        if ((ulong)count > limit)
            throw new ArgumentException($"{count} chunks exceed the limit of {limit}", nameof(chunks));

        var depth = DepthFor(limit);
        if (count == 0)
        {
            ZeroHash(depth).CopyTo(root);
            return;
        }

        Span<byte> pair = stackalloc byte[2 * ChunkSize];
        var width = count;
        for (var level = 0; level < depth; level++)
        {
            var parents = (width + 1) / 2;
            for (var i = 0; i < parents; i++)
            {
                chunks.Slice(2 * i * ChunkSize, ChunkSize).CopyTo(pair);
                var right = 2 * i + 1 < width ? chunks.Slice((2 * i + 1) * ChunkSize, ChunkSize) : ZeroHash(level);
                right.CopyTo(pair[ChunkSize..]);
                // The pair buffer keeps the input apart from the output chunk it overwrites.
                SHA256.HashData(pair, chunks.Slice(i * ChunkSize, ChunkSize));
            }
            width = parents;
        }
        chunks[..ChunkSize].CopyTo(root);
    }

    /// <summary>mix_in_length: root = sha256(root || uint256_le(length)), in place.</summary>
    public static void MixInLength(Span<byte> root, ulong length)
    {
        Span<byte> pair = stackalloc byte[2 * ChunkSize];
        pair.Clear();
        root.CopyTo(pair);
        BinaryPrimitives.WriteUInt64LittleEndian(pair[ChunkSize..], length);
        SHA256.HashData(pair, root);
    }

    /// <summary>sha256(left || right) into <paramref name="destination"/>.</summary>
    public static void HashPair(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> pair = stackalloc byte[2 * ChunkSize];
        left.CopyTo(pair);
        right.CopyTo(pair[ChunkSize..]);
        SHA256.HashData(pair, destination);
    }

    private static byte[] BuildZeroHashes()
    {
        var hashes = new byte[(MaxDepth + 1) * ChunkSize];
        for (var depth = 1; depth <= MaxDepth; depth++)
        {
            var below = hashes.AsSpan((depth - 1) * ChunkSize, ChunkSize);
            HashPair(below, below, hashes.AsSpan(depth * ChunkSize, ChunkSize));
        }
        return hashes;
    }
}
