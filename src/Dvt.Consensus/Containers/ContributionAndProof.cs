using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers;

/// <summary>ContributionAndProof (altair): the object of a SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF signature.</summary>
public sealed record ContributionAndProof(ValidatorIndex AggregatorIndex, SyncCommitteeContribution Contribution, BlsSignatureBytes SelectionProof)
    : ISszValue
{
    public SyncCommitteeContribution Contribution { get; } = Contribution ?? throw new ArgumentNullException(nameof(Contribution));

    [JsonIgnore]
    public int SszLength => 8 + Contribution.SszLength + BlsSignatureBytes.ByteLength;

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.UInt64(AggregatorIndex);
        writer.Value(Contribution);
        writer.Bytes(SelectionProof);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[3 * Merkleization.ChunkSize];
        SszChunks.UInt64(AggregatorIndex.Value, SszChunks.At(chunks, 0));
        Contribution.HashTreeRootTo(SszChunks.At(chunks, 1));
        SszChunks.Bytes(SelectionProof, SszChunks.At(chunks, 2));
        Merkleization.MerkleizeInPlace(chunks, 3, root);
    }

    public static ContributionAndProof Decode(ReadOnlySpan<byte> ssz, ConsensusPreset preset)
    {
        var contributionLength = SyncCommitteeContribution.FixedLengthFor(preset.SyncSubcommitteeSize);
        SszReader.RequireLength(ssz, 8 + contributionLength + BlsSignatureBytes.ByteLength, nameof(ContributionAndProof));
        var reader = new SszReader(ssz, nameof(ContributionAndProof));
        return new ContributionAndProof(
            reader.UInt64<ValidatorIndex>("aggregator_index"),
            SyncCommitteeContribution.Decode(reader.Take(contributionLength, "contribution"), preset),
            reader.Bytes<BlsSignatureBytes>("selection_proof"));
    }
}
