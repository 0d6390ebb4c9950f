using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers;

/// <summary>AggregateAndProof as modified by electra: the aggregate is an <see cref="ElectraAttestation"/>.</summary>
public sealed record ElectraAggregateAndProof(ValidatorIndex AggregatorIndex, ElectraAttestation Aggregate, BlsSignatureBytes SelectionProof)
    : ISszValue
{
    public const int FixedPartLength = 8 + SszReader.OffsetSize + BlsSignatureBytes.ByteLength;

    public ElectraAttestation Aggregate { get; } = Aggregate ?? throw new ArgumentNullException(nameof(Aggregate));

    [JsonIgnore]
    public int SszLength => FixedPartLength + Aggregate.SszLength;

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.UInt64(AggregatorIndex);
        writer.Offset(FixedPartLength);
        writer.Bytes(SelectionProof);
        writer.Value(Aggregate);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[3 * Merkleization.ChunkSize];
        SszChunks.UInt64(AggregatorIndex.Value, SszChunks.At(chunks, 0));
        Aggregate.HashTreeRootTo(SszChunks.At(chunks, 1));
        SszChunks.Bytes(SelectionProof, SszChunks.At(chunks, 2));
        Merkleization.MerkleizeInPlace(chunks, 3, root);
    }

    public static ElectraAggregateAndProof Decode(ReadOnlySpan<byte> ssz, ConsensusPreset preset)
    {
        var reader = new SszReader(ssz, nameof(ElectraAggregateAndProof));
        var aggregatorIndex = reader.UInt64<ValidatorIndex>("aggregator_index");
        var aggregateOffset = reader.Offset("aggregate");
        var selectionProof = reader.Bytes<BlsSignatureBytes>("selection_proof");
        var aggregate = ElectraAttestation.Decode(reader.SoleVariablePart(aggregateOffset, "aggregate"), preset);
        return new ElectraAggregateAndProof(aggregatorIndex, aggregate, selectionProof);
    }
}
