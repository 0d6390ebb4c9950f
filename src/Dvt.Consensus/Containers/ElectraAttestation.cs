using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers;

/// <summary>
/// Attestation as modified by electra (EIP-7549): the data no longer names the committee; committee_bits
/// (Bitvector[MAX_COMMITTEES_PER_SLOT]) do, and aggregation_bits span all of them
/// (Bitlist[MAX_VALIDATORS_PER_COMMITTEE * MAX_COMMITTEES_PER_SLOT]). The committee_bits length fixes the
/// preset, so the root needs nothing else; <see cref="CheckPreset"/> checks it against the chain's.
/// </summary>
public sealed record ElectraAttestation(Bitlist AggregationBits, AttestationData Data, BlsSignatureBytes Signature, Bitvector CommitteeBits)
    : ISszValue
{
    public Bitvector CommitteeBits { get; } = CommitteeBits ?? throw new ArgumentNullException(nameof(CommitteeBits));

    public Bitlist AggregationBits { get; } = CheckBits(AggregationBits, CommitteeBits);

    public AttestationData Data { get; } = Data ?? throw new ArgumentNullException(nameof(Data));

    /// <summary>MAX_VALIDATORS_PER_COMMITTEE * MAX_COMMITTEES_PER_SLOT.</summary>
    [JsonIgnore]
    public int AggregationBitsLimit => Attestation.MaxValidatorsPerCommittee * CommitteeBits.Count;

    public static int FixedPartLength(int maxCommitteesPerSlot) =>
        SszReader.OffsetSize + AttestationData.FixedLength + BlsSignatureBytes.ByteLength + (maxCommitteesPerSlot + 7) / 8;

    [JsonIgnore]
    public int SszLength => FixedPartLength(CommitteeBits.Count) + AggregationBits.SszLength;

    /// <summary>
    /// JSON gives committee_bits as whole bytes (8 bits each); the preset's MAX_COMMITTEES_PER_SLOT fixes the
    /// Bitvector's length (4 on minimal). Same bytes, the bits past the length zero; otherwise an ArgumentException.
    /// </summary>
    public ElectraAttestation ForPreset(ConsensusPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        var committees = preset.MaxCommitteesPerSlot;
        if (CommitteeBits.Count == committees)
            return this;
        if (CommitteeBits.Count != (committees + 7) / 8 * 8)
            throw new ArgumentException($"committee_bits has {CommitteeBits.Count / 8} bytes, the {preset.Name} preset needs {(committees + 7) / 8}");
        for (var i = committees; i < CommitteeBits.Count; i++)
        {
            if (CommitteeBits[i])
                throw new ArgumentException($"committee_bits sets bit {i}, past the {preset.Name} preset's {committees} committees");
        }
        return new ElectraAttestation(AggregationBits, Data, Signature, Bitvector.FromBits(Enumerable.Range(0, committees).Select(i => CommitteeBits[i]).ToList()));
    }

    public void CheckPreset(ConsensusPreset preset)
    {
        if (CommitteeBits.Count != preset.MaxCommitteesPerSlot)
            throw new ArgumentException($"committee_bits has {CommitteeBits.Count} bits, the {preset.Name} preset needs {preset.MaxCommitteesPerSlot}");
    }

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.Offset(FixedPartLength(CommitteeBits.Count));
        writer.Value(Data);
        writer.Bytes(Signature);
        writer.Bitvector(CommitteeBits);
        writer.Bitlist(AggregationBits);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[4 * Merkleization.ChunkSize];
        AggregationBits.HashTreeRootTo(AggregationBitsLimit, SszChunks.At(chunks, 0));
        Data.HashTreeRootTo(SszChunks.At(chunks, 1));
        SszChunks.Bytes(Signature, SszChunks.At(chunks, 2));
        CommitteeBits.HashTreeRootTo(SszChunks.At(chunks, 3));
        Merkleization.MerkleizeInPlace(chunks, 4, root);
    }

    public static ElectraAttestation Decode(ReadOnlySpan<byte> ssz, ConsensusPreset preset)
    {
        var reader = new SszReader(ssz, nameof(ElectraAttestation));
        var bitsOffset = reader.Offset("aggregation_bits");
        var data = AttestationData.Decode(reader.Take(AttestationData.FixedLength, "data"));
        var signature = reader.Bytes<BlsSignatureBytes>("signature");
        var committees = preset.MaxCommitteesPerSlot;
        var committeeBits = Bitvector.Decode(reader.Take((committees + 7) / 8, "committee_bits"), committees, nameof(ElectraAttestation));
        var bits = Bitlist.Decode(reader.SoleVariablePart(bitsOffset, "aggregation_bits"),
            Attestation.MaxValidatorsPerCommittee * committees, nameof(ElectraAttestation));
        return new ElectraAttestation(bits, data, signature, committeeBits);
    }

    private static Bitlist CheckBits(Bitlist bits, Bitvector committeeBits)
    {
        ArgumentNullException.ThrowIfNull(bits, nameof(AggregationBits));
        var limit = Attestation.MaxValidatorsPerCommittee * (committeeBits?.Count ?? 0);
        if (bits.Count > limit)
            throw new ArgumentException($"aggregation_bits has {bits.Count} bits, more than MAX_VALIDATORS_PER_COMMITTEE * MAX_COMMITTEES_PER_SLOT = {limit}", nameof(AggregationBits));
        return bits;
    }
}
