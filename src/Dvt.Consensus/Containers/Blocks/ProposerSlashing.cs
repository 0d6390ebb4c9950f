using System.Text.Json.Serialization;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers.Blocks;

/// <summary>ProposerSlashing (phase0): two signed headers for the same slot by the same proposer.</summary>
public sealed record ProposerSlashing(
    [property: JsonPropertyName("signed_header_1")] SignedBeaconBlockHeader SignedHeader1,
    [property: JsonPropertyName("signed_header_2")] SignedBeaconBlockHeader SignedHeader2) : ISszCodec<ProposerSlashing>
{
    public const int FixedLength = 2 * SignedBeaconBlockHeader.FixedLength;

    [JsonIgnore]
    public int SszLength => FixedLength;

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.Value(SignedHeader1);
        writer.Value(SignedHeader2);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[2 * Merkleization.ChunkSize];
        SignedHeader1.HashTreeRootTo(SszChunks.At(chunks, 0));
        SignedHeader2.HashTreeRootTo(SszChunks.At(chunks, 1));
        Merkleization.MerkleizeInPlace(chunks, 2, root);
    }

    public static ProposerSlashing Decode(ReadOnlySpan<byte> ssz)
    {
        SszReader.RequireLength(ssz, FixedLength, nameof(ProposerSlashing));
        var reader = new SszReader(ssz, nameof(ProposerSlashing));
        return new ProposerSlashing(
            SignedBeaconBlockHeader.Decode(reader.Take(SignedBeaconBlockHeader.FixedLength, "signed_header_1")),
            SignedBeaconBlockHeader.Decode(reader.Take(SignedBeaconBlockHeader.FixedLength, "signed_header_2")));
    }
}
