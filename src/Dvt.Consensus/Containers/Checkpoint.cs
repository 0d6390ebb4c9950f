using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers;

/// <summary>Checkpoint (phase0): an epoch and the root of the block at its start.</summary>
public sealed record Checkpoint(Epoch Epoch, Root Root) : ISszCodec<Checkpoint>
{
    public const int FixedLength = 40;

    [JsonIgnore]
    public int SszLength => FixedLength;

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.UInt64(Epoch);
        writer.Bytes(Root);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[2 * Merkleization.ChunkSize];
        SszChunks.UInt64(Epoch.Value, SszChunks.At(chunks, 0));
        SszChunks.Bytes(Root, SszChunks.At(chunks, 1));
        Merkleization.MerkleizeInPlace(chunks, 2, root);
    }

    public static Checkpoint Decode(ReadOnlySpan<byte> ssz)
    {
        SszReader.RequireLength(ssz, FixedLength, nameof(Checkpoint));
        var reader = new SszReader(ssz, nameof(Checkpoint));
        return new Checkpoint(reader.UInt64<Epoch>("epoch"), reader.Bytes<Root>("root"));
    }
}
