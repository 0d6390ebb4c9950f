using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers.Blocks;

/// <summary>IndexedAttestation (phase0): attesting_indices is List[ValidatorIndex, MAX_VALIDATORS_PER_COMMITTEE].</summary>
public sealed record IndexedAttestation(IReadOnlyList<ValidatorIndex> AttestingIndices, AttestationData Data, BlsSignatureBytes Signature)
    : ISszCodec<IndexedAttestation>
{
    public const int FixedPartLength = SszReader.OffsetSize + AttestationData.FixedLength + BlsSignatureBytes.ByteLength;

    public IReadOnlyList<ValidatorIndex> AttestingIndices { get; } = CheckIndices(AttestingIndices);

    public AttestationData Data { get; } = Data ?? throw new ArgumentNullException(nameof(Data));

    [JsonIgnore]
    public int SszLength => FixedPartLength + 8 * AttestingIndices.Count;

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.Offset(FixedPartLength);
        writer.Value(Data);
        writer.Bytes(Signature);
        foreach (var index in AttestingIndices)
            writer.UInt64(index);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[3 * Merkleization.ChunkSize];
        SszLists.UInt64ListRootTo(AttestingIndices.Select(i => i.Value).ToList(), Attestation.MaxValidatorsPerCommittee, SszChunks.At(chunks, 0));
        Data.HashTreeRootTo(SszChunks.At(chunks, 1));
        SszChunks.Bytes(Signature, SszChunks.At(chunks, 2));
        Merkleization.MerkleizeInPlace(chunks, 3, root);
    }

    public static IndexedAttestation Decode(ReadOnlySpan<byte> ssz)
    {
        var reader = new SszReader(ssz, nameof(IndexedAttestation));
        var indicesOffset = reader.Offset("attesting_indices");
        var data = AttestationData.Decode(reader.Take(AttestationData.FixedLength, "data"));
        var signature = reader.Bytes<BlsSignatureBytes>("signature");
        var indices = SszLists.DecodeUInt64(reader.SoleVariablePart(indicesOffset, "attesting_indices"),
            Attestation.MaxValidatorsPerCommittee, nameof(IndexedAttestation), "attesting_indices");
        return new IndexedAttestation(indices.Select(i => new ValidatorIndex(i)).ToList(), data, signature);
    }

    private static IReadOnlyList<ValidatorIndex> CheckIndices(IReadOnlyList<ValidatorIndex> indices)
    {
        ArgumentNullException.ThrowIfNull(indices, nameof(AttestingIndices));
        if (indices.Count > Attestation.MaxValidatorsPerCommittee)
            throw new ArgumentException($"attesting_indices has {indices.Count} entries, more than {Attestation.MaxValidatorsPerCommittee}", nameof(AttestingIndices));
        return indices.ToArray();
    }
}
