using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers.Blocks;

/// <summary>SignedVoluntaryExit (phase0).</summary>
public sealed record SignedVoluntaryExit(VoluntaryExit Message, BlsSignatureBytes Signature) : ISszCodec<SignedVoluntaryExit>
{
    public const int FixedLength = VoluntaryExit.FixedLength + BlsSignatureBytes.ByteLength;

    public VoluntaryExit Message { get; } = Message ?? throw new ArgumentNullException(nameof(Message));

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

    public static SignedVoluntaryExit Decode(ReadOnlySpan<byte> ssz)
    {
        SszReader.RequireLength(ssz, FixedLength, nameof(SignedVoluntaryExit));
        var reader = new SszReader(ssz, nameof(SignedVoluntaryExit));
        return new SignedVoluntaryExit(VoluntaryExit.Decode(reader.Take(VoluntaryExit.FixedLength, "message")), reader.Bytes<BlsSignatureBytes>("signature"));
    }
}
