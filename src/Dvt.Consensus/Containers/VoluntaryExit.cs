using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers;

/// <summary>VoluntaryExit (phase0): a validator's request to exit from <see cref="Epoch"/> on.</summary>
public sealed record VoluntaryExit(Epoch Epoch, ValidatorIndex ValidatorIndex) : ISszCodec<VoluntaryExit>
{
    public const int FixedLength = 16;

    [JsonIgnore]
    public int SszLength => FixedLength;

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.UInt64(Epoch);
        writer.UInt64(ValidatorIndex);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[2 * Merkleization.ChunkSize];
        SszChunks.UInt64(Epoch.Value, SszChunks.At(chunks, 0));
        SszChunks.UInt64(ValidatorIndex.Value, SszChunks.At(chunks, 1));
        Merkleization.MerkleizeInPlace(chunks, 2, root);
    }

    public static VoluntaryExit Decode(ReadOnlySpan<byte> ssz)
    {
        SszReader.RequireLength(ssz, FixedLength, nameof(VoluntaryExit));
        var reader = new SszReader(ssz, nameof(VoluntaryExit));
        return new VoluntaryExit(reader.UInt64<Epoch>("epoch"), reader.UInt64<ValidatorIndex>("validator_index"));
    }
}
