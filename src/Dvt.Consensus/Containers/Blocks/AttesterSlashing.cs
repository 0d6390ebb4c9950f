using System.Text.Json.Serialization;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers.Blocks;

/// <summary>AttesterSlashing (phase0): two conflicting indexed attestations.</summary>
public sealed record AttesterSlashing(
    [property: JsonPropertyName("attestation_1")] IndexedAttestation Attestation1,
    [property: JsonPropertyName("attestation_2")] IndexedAttestation Attestation2) : ISszCodec<AttesterSlashing>
{
    private const int FixedPartLength = 2 * SszReader.OffsetSize;

    [JsonIgnore]
    public int SszLength => FixedPartLength + Attestation1.SszLength + Attestation2.SszLength;

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.Offset(FixedPartLength);
        writer.Offset(FixedPartLength + Attestation1.SszLength);
        writer.Value(Attestation1);
        writer.Value(Attestation2);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[2 * Merkleization.ChunkSize];
        Attestation1.HashTreeRootTo(SszChunks.At(chunks, 0));
        Attestation2.HashTreeRootTo(SszChunks.At(chunks, 1));
        Merkleization.MerkleizeInPlace(chunks, 2, root);
    }

    public static AttesterSlashing Decode(ReadOnlySpan<byte> ssz)
    {
        var reader = new SszReader(ssz, nameof(AttesterSlashing));
        ReadOnlySpan<uint> offsets = [reader.Offset("attestation_1"), reader.Offset("attestation_2")];
        var parts = reader.VariableParts(offsets, ["attestation_1", "attestation_2"]);
        return new AttesterSlashing(IndexedAttestation.Decode(ssz[parts[0]]), IndexedAttestation.Decode(ssz[parts[1]]));
    }
}
