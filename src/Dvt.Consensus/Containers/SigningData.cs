using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers;

/// <summary>SigningData (phase0): its hash_tree_root is the signing root, the 32 bytes a BLS signature covers.</summary>
public sealed record SigningData(Root ObjectRoot, Domain Domain) : ISszCodec<SigningData>
{
    public const int FixedLength = 64;

    [JsonIgnore]
    public int SszLength => FixedLength;

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.Bytes(ObjectRoot);
        writer.Bytes(Domain);
    }

    public void HashTreeRootTo(Span<byte> root) => Merkleization.HashPair(ObjectRoot.AsSpan(), Domain.AsSpan(), root);

    public static SigningData Decode(ReadOnlySpan<byte> ssz)
    {
        SszReader.RequireLength(ssz, FixedLength, nameof(SigningData));
        var reader = new SszReader(ssz, nameof(SigningData));
        return new SigningData(reader.Bytes<Root>("object_root"), reader.Bytes<Domain>("domain"));
    }
}
