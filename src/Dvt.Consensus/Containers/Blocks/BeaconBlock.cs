using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers.Blocks;

/// <summary>
/// BeaconBlock with a fork's body (<see cref="Phase0BeaconBlockBody"/>, <see cref="AltairBeaconBlockBody"/>).
/// Its root equals its header's, which is how it is signed.
/// </summary>
public sealed record BeaconBlock<TBody>(Slot Slot, ValidatorIndex ProposerIndex, Root ParentRoot, Root StateRoot, TBody Body) : ISszValue
    where TBody : class, ISszValue
{
    public const int FixedPartLength = 8 + 8 + 32 + 32 + SszReader.OffsetSize;

    public TBody Body { get; } = Body ?? throw new ArgumentNullException(nameof(Body));

    /// <summary>The header whose body_root is hash_tree_root(body).</summary>
    public BeaconBlockHeader ToHeader() => new(Slot, ProposerIndex, ParentRoot, StateRoot, Body.HashTreeRoot());

    [JsonIgnore]
    public int SszLength => FixedPartLength + Body.SszLength;

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.UInt64(Slot);
        writer.UInt64(ProposerIndex);
        writer.Bytes(ParentRoot);
        writer.Bytes(StateRoot);
        writer.Offset(FixedPartLength);
        writer.Value(Body);
    }

    public void HashTreeRootTo(Span<byte> root) => ToHeader().HashTreeRootTo(root);

    /// <summary>Decodes the block's fixed part; <paramref name="decodeBody"/> decodes the fork's body.</summary>
    public static BeaconBlock<TBody> Decode(ReadOnlySpan<byte> ssz, SszBodyDecoder<TBody> decodeBody)
    {
        var reader = new SszReader(ssz, "BeaconBlock");
        var slot = reader.UInt64<Slot>("slot");
        var proposerIndex = reader.UInt64<ValidatorIndex>("proposer_index");
        var parentRoot = reader.Bytes<Root>("parent_root");
        var stateRoot = reader.Bytes<Root>("state_root");
        var bodyOffset = reader.Offset("body");
        return new BeaconBlock<TBody>(slot, proposerIndex, parentRoot, stateRoot, decodeBody(reader.SoleVariablePart(bodyOffset, "body")));
    }
}

/// <summary>Decodes a fork's block body from its SSZ bytes.</summary>
public delegate TBody SszBodyDecoder<out TBody>(ReadOnlySpan<byte> ssz);
