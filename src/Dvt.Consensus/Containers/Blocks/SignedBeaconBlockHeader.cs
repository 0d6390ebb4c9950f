using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers.Blocks;

/// <summary>SignedBeaconBlockHeader (phase0), the evidence inside a ProposerSlashing.</summary>
public sealed record SignedBeaconBlockHeader(BeaconBlockHeader Message, BlsSignatureBytes Signature) : ISszCodec<SignedBeaconBlockHeader>
{
    public const int FixedLength = BeaconBlockHeader.FixedLength + BlsSignatureBytes.ByteLength;

    public BeaconBlockHeader Message { get; } = Message ?? throw new ArgumentNullException(nameof(Message));

    [JsonIgnore]
    public int SszLength => FixedLength;

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.Value(Message);
        writer.Bytes(Signature);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[2 * Merkleization.ChunkSize];
        Message.HashTreeRootTo(SszChunks.At(chunks, 0));
        SszChunks.Bytes(Signature, SszChunks.At(chunks, 1));
        Merkleization.MerkleizeInPlace(chunks, 2, root);
    }

    public static SignedBeaconBlockHeader Decode(ReadOnlySpan<byte> ssz)
    {
        SszReader.RequireLength(ssz, FixedLength, nameof(SignedBeaconBlockHeader));
        var reader = new SszReader(ssz, nameof(SignedBeaconBlockHeader));
        return new SignedBeaconBlockHeader(
            BeaconBlockHeader.Decode(reader.Take(BeaconBlockHeader.FixedLength, "message")),
            reader.Bytes<BlsSignatureBytes>("signature"));
    }
}
