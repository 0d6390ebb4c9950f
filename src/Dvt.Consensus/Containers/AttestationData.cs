using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers;

/// <summary>AttestationData (phase0): what an attester votes for; the object of an ATTESTATION signature.</summary>
public sealed record AttestationData(Slot Slot, CommitteeIndex Index, Root BeaconBlockRoot, Checkpoint Source, Checkpoint Target)
    : ISszCodec<AttestationData>
{
    public const int FixedLength = 8 + 8 + 32 + Checkpoint.FixedLength + Checkpoint.FixedLength;

    [JsonIgnore]
    public int SszLength => FixedLength;

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.UInt64(Slot);
        writer.UInt64(Index);
        writer.Bytes(BeaconBlockRoot);
        writer.Value(Source);
        writer.Value(Target);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[5 * Merkleization.ChunkSize];
        SszChunks.UInt64(Slot.Value, SszChunks.At(chunks, 0));
        SszChunks.UInt64(Index.Value, SszChunks.At(chunks, 1));
        SszChunks.Bytes(BeaconBlockRoot, SszChunks.At(chunks, 2));
        Source.HashTreeRootTo(SszChunks.At(chunks, 3));
        Target.HashTreeRootTo(SszChunks.At(chunks, 4));
        Merkleization.MerkleizeInPlace(chunks, 5, root);
    }

    public static AttestationData Decode(ReadOnlySpan<byte> ssz)
    {
        SszReader.RequireLength(ssz, FixedLength, nameof(AttestationData));
        var reader = new SszReader(ssz, nameof(AttestationData));
        return new AttestationData(
            reader.UInt64<Slot>("slot"),
            reader.UInt64<CommitteeIndex>("index"),
            reader.Bytes<Root>("beacon_block_root"),
            Checkpoint.Decode(reader.Take(Checkpoint.FixedLength, "source")),
            Checkpoint.Decode(reader.Take(Checkpoint.FixedLength, "target")));
    }
}
