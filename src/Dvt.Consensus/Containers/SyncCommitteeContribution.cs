using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers;

/// <summary>
/// SyncCommitteeContribution (altair). aggregation_bits is Bitvector[SYNC_COMMITTEE_SIZE / SYNC_COMMITTEE_SUBNET_COUNT]:
/// 128 bits on mainnet, 8 on minimal, so decoding takes the preset. The root does not depend on it beyond the bits.
/// </summary>
public sealed record SyncCommitteeContribution(
    Slot Slot, Root BeaconBlockRoot, ulong SubcommitteeIndex, Bitvector AggregationBits, BlsSignatureBytes Signature) : ISszValue
{
    public Bitvector AggregationBits { get; } = AggregationBits ?? throw new ArgumentNullException(nameof(AggregationBits));

    [JsonIgnore]
    public int SszLength => FixedLengthFor(AggregationBits.Count);

    /// <summary>The SSZ length for a preset's subcommittee size.</summary>
    public static int FixedLengthFor(int aggregationBitCount) => 8 + 32 + 8 + (aggregationBitCount + 7) / 8 + BlsSignatureBytes.ByteLength;

    /// <summary>Throws unless aggregation_bits has the preset's SYNC_COMMITTEE_SIZE / SYNC_COMMITTEE_SUBNET_COUNT bits.</summary>
    public void CheckPreset(ConsensusPreset preset)
    {
        if (AggregationBits.Count != preset.SyncSubcommitteeSize)
            throw new ArgumentException(
                $"contribution aggregation_bits has {AggregationBits.Count} bits, the {preset.Name} preset needs {preset.SyncSubcommitteeSize}");
    }

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.UInt64(Slot);
        writer.Bytes(BeaconBlockRoot);
        writer.UInt64(SubcommitteeIndex);
        writer.Bitvector(AggregationBits);
        writer.Bytes(Signature);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[5 * Merkleization.ChunkSize];
        SszChunks.UInt64(Slot.Value, SszChunks.At(chunks, 0));
        SszChunks.Bytes(BeaconBlockRoot, SszChunks.At(chunks, 1));
        SszChunks.UInt64(SubcommitteeIndex, SszChunks.At(chunks, 2));
        AggregationBits.HashTreeRootTo(SszChunks.At(chunks, 3));
        SszChunks.Bytes(Signature, SszChunks.At(chunks, 4));
        Merkleization.MerkleizeInPlace(chunks, 5, root);
    }

    public static SyncCommitteeContribution Decode(ReadOnlySpan<byte> ssz, ConsensusPreset preset)
    {
        var bitCount = preset.SyncSubcommitteeSize;
        SszReader.RequireLength(ssz, FixedLengthFor(bitCount), nameof(SyncCommitteeContribution));
        var reader = new SszReader(ssz, nameof(SyncCommitteeContribution));
        return new SyncCommitteeContribution(
            reader.UInt64<Slot>("slot"),
            reader.Bytes<Root>("beacon_block_root"),
            reader.UInt64("subcommittee_index"),
            Bitvector.Decode(reader.Take((bitCount + 7) / 8, "aggregation_bits"), bitCount, nameof(SyncCommitteeContribution)),
            reader.Bytes<BlsSignatureBytes>("signature"));
    }
}
