using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers;

/// <summary>Fork (phase0): the versions before and after a fork and the epoch it takes effect.</summary>
public sealed record Fork(ForkVersion PreviousVersion, ForkVersion CurrentVersion, Epoch Epoch) : ISszCodec<Fork>
{
    public const int FixedLength = 16;

    [JsonIgnore]
    public int SszLength => FixedLength;

    /// <summary>The version that signs messages of <paramref name="epoch"/>, as get_domain chooses it.</summary>
    public ForkVersion VersionAt(Epoch epoch) => epoch < Epoch ? PreviousVersion : CurrentVersion;

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.Bytes(PreviousVersion);
        writer.Bytes(CurrentVersion);
        writer.UInt64(Epoch);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[3 * Merkleization.ChunkSize];
        SszChunks.Bytes(PreviousVersion, SszChunks.At(chunks, 0));
        SszChunks.Bytes(CurrentVersion, SszChunks.At(chunks, 1));
        SszChunks.UInt64(Epoch.Value, SszChunks.At(chunks, 2));
        Merkleization.MerkleizeInPlace(chunks, 3, root);
    }

    public static Fork Decode(ReadOnlySpan<byte> ssz)
    {
        SszReader.RequireLength(ssz, FixedLength, nameof(Fork));
        var reader = new SszReader(ssz, nameof(Fork));
        return new Fork(reader.Bytes<ForkVersion>("previous_version"), reader.Bytes<ForkVersion>("current_version"), reader.UInt64<Epoch>("epoch"));
    }
}
