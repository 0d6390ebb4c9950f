using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers.Blocks;

/// <summary>Eth1Data (phase0): the proposer's vote on the deposit contract's state.</summary>
public sealed record Eth1Data(Root DepositRoot, ulong DepositCount, Bytes32 BlockHash) : ISszCodec<Eth1Data>
{
    public const int FixedLength = 32 + 8 + 32;

    [JsonIgnore]
    public int SszLength => FixedLength;

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.Bytes(DepositRoot);
        writer.UInt64(DepositCount);
        writer.Bytes(BlockHash);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[3 * Merkleization.ChunkSize];
        SszChunks.Bytes(DepositRoot, SszChunks.At(chunks, 0));
        SszChunks.UInt64(DepositCount, SszChunks.At(chunks, 1));
        SszChunks.Bytes(BlockHash, SszChunks.At(chunks, 2));
        Merkleization.MerkleizeInPlace(chunks, 3, root);
    }

    public static Eth1Data Decode(ReadOnlySpan<byte> ssz)
    {
        SszReader.RequireLength(ssz, FixedLength, nameof(Eth1Data));
        var reader = new SszReader(ssz, nameof(Eth1Data));
        return new Eth1Data(reader.Bytes<Root>("deposit_root"), reader.UInt64("deposit_count"), reader.Bytes<Bytes32>("block_hash"));
    }
}
