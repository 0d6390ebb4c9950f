using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers;

/// <summary>SyncAggregatorSelectionData (altair): the object of a SYNC_COMMITTEE_SELECTION_PROOF signature.</summary>
public sealed record SyncAggregatorSelectionData(Slot Slot, ulong SubcommitteeIndex) : ISszCodec<SyncAggregatorSelectionData>
{
    public const int FixedLength = 16;

    [JsonIgnore]
    public int SszLength => FixedLength;

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.UInt64(Slot);
        writer.UInt64(SubcommitteeIndex);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[2 * Merkleization.ChunkSize];
        SszChunks.UInt64(Slot.Value, SszChunks.At(chunks, 0));
        SszChunks.UInt64(SubcommitteeIndex, SszChunks.At(chunks, 1));
        Merkleization.MerkleizeInPlace(chunks, 2, root);
    }

    public static SyncAggregatorSelectionData Decode(ReadOnlySpan<byte> ssz)
    {
        SszReader.RequireLength(ssz, FixedLength, nameof(SyncAggregatorSelectionData));
        var reader = new SszReader(ssz, nameof(SyncAggregatorSelectionData));
        return new SyncAggregatorSelectionData(reader.UInt64<Slot>("slot"), reader.UInt64("subcommittee_index"));
    }
}
