using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers;

/// <summary>ForkData (phase0): hashed into every signature domain, so signatures do not replay across forks or chains.</summary>
public sealed record ForkData(ForkVersion CurrentVersion, Root GenesisValidatorsRoot) : ISszCodec<ForkData>
{
    public const int FixedLength = 36;

    [JsonIgnore]
    public int SszLength => FixedLength;

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.Bytes(CurrentVersion);
        writer.Bytes(GenesisValidatorsRoot);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[2 * Merkleization.ChunkSize];
        SszChunks.Bytes(CurrentVersion, SszChunks.At(chunks, 0));
        SszChunks.Bytes(GenesisValidatorsRoot, SszChunks.At(chunks, 1));
        Merkleization.MerkleizeInPlace(chunks, 2, root);
    }

    public static ForkData Decode(ReadOnlySpan<byte> ssz)
    {
        SszReader.RequireLength(ssz, FixedLength, nameof(ForkData));
        var reader = new SszReader(ssz, nameof(ForkData));
        return new ForkData(reader.Bytes<ForkVersion>("current_version"), reader.Bytes<Root>("genesis_validators_root"));
    }
}
