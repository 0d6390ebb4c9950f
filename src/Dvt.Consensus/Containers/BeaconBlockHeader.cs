using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers;

/// <summary>
/// BeaconBlockHeader (phase0). Its hash_tree_root equals that of the block it summarises (body replaced by
/// body_root), so signing a header is signing the block: BLOCK_V2 requests may carry either.
/// </summary>
public sealed record BeaconBlockHeader(Slot Slot, ValidatorIndex ProposerIndex, Root ParentRoot, Root StateRoot, Root BodyRoot)
    : ISszCodec<BeaconBlockHeader>
{
    public const int FixedLength = 8 + 8 + 32 + 32 + 32;

    [JsonIgnore]
    public int SszLength => FixedLength;

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.UInt64(Slot);
        writer.UInt64(ProposerIndex);
        writer.Bytes(ParentRoot);
        writer.Bytes(StateRoot);
        writer.Bytes(BodyRoot);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[5 * Merkleization.ChunkSize];
        SszChunks.UInt64(Slot.Value, SszChunks.At(chunks, 0));
        SszChunks.UInt64(ProposerIndex.Value, SszChunks.At(chunks, 1));
        SszChunks.Bytes(ParentRoot, SszChunks.At(chunks, 2));
        SszChunks.Bytes(StateRoot, SszChunks.At(chunks, 3));
        SszChunks.Bytes(BodyRoot, SszChunks.At(chunks, 4));
        Merkleization.MerkleizeInPlace(chunks, 5, root);
    }

    public static BeaconBlockHeader Decode(ReadOnlySpan<byte> ssz)
    {
        SszReader.RequireLength(ssz, FixedLength, nameof(BeaconBlockHeader));
        var reader = new SszReader(ssz, nameof(BeaconBlockHeader));
        return new BeaconBlockHeader(
            reader.UInt64<Slot>("slot"),
            reader.UInt64<ValidatorIndex>("proposer_index"),
            reader.Bytes<Root>("parent_root"),
            reader.Bytes<Root>("state_root"),
            reader.Bytes<Root>("body_root"));
    }
}
