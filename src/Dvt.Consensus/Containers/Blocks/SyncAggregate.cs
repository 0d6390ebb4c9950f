using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers.Blocks;

/// <summary>SyncAggregate (altair): sync_committee_bits is Bitvector[SYNC_COMMITTEE_SIZE], so decoding takes the preset.</summary>
public sealed record SyncAggregate(Bitvector SyncCommitteeBits, BlsSignatureBytes SyncCommitteeSignature) : ISszValue
{
    public Bitvector SyncCommitteeBits { get; } = SyncCommitteeBits ?? throw new ArgumentNullException(nameof(SyncCommitteeBits));

    [JsonIgnore]
    public int SszLength => SyncCommitteeBits.SszLength + BlsSignatureBytes.ByteLength;

    public static int FixedLengthFor(ConsensusPreset preset) => (preset.SyncCommitteeSize + 7) / 8 + BlsSignatureBytes.ByteLength;

    /// <summary>Throws unless the bits number the preset's SYNC_COMMITTEE_SIZE.</summary>
    public void CheckPreset(ConsensusPreset preset)
    {
        if (SyncCommitteeBits.Count != preset.SyncCommitteeSize)
            throw new ArgumentException($"sync_committee_bits has {SyncCommitteeBits.Count} bits, the {preset.Name} preset needs {preset.SyncCommitteeSize}");
    }

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.Bitvector(SyncCommitteeBits);
        writer.Bytes(SyncCommitteeSignature);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[2 * Merkleization.ChunkSize];
        SyncCommitteeBits.HashTreeRootTo(SszChunks.At(chunks, 0));
        SszChunks.Bytes(SyncCommitteeSignature, SszChunks.At(chunks, 1));
        Merkleization.MerkleizeInPlace(chunks, 2, root);
    }

    public static SyncAggregate Decode(ReadOnlySpan<byte> ssz, ConsensusPreset preset)
    {
        SszReader.RequireLength(ssz, FixedLengthFor(preset), nameof(SyncAggregate));
        var reader = new SszReader(ssz, nameof(SyncAggregate));
        var bits = Bitvector.Decode(reader.Take((preset.SyncCommitteeSize + 7) / 8, "sync_committee_bits"), preset.SyncCommitteeSize, nameof(SyncAggregate));
        return new SyncAggregate(bits, reader.Bytes<BlsSignatureBytes>("sync_committee_signature"));
    }
}
