using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers;

/// <summary>DepositMessage (phase0): the part of a deposit the validator key signs (proof of possession).</summary>
public sealed record DepositMessage(BlsPublicKeyBytes Pubkey, Bytes32 WithdrawalCredentials, Gwei Amount) : ISszCodec<DepositMessage>
{
    public const int FixedLength = 48 + 32 + 8;

    [JsonIgnore]
    public int SszLength => FixedLength;

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.Bytes(Pubkey);
        writer.Bytes(WithdrawalCredentials);
        writer.UInt64(Amount);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[3 * Merkleization.ChunkSize];
        SszChunks.Bytes(Pubkey, SszChunks.At(chunks, 0));
        SszChunks.Bytes(WithdrawalCredentials, SszChunks.At(chunks, 1));
        SszChunks.UInt64(Amount.Value, SszChunks.At(chunks, 2));
        Merkleization.MerkleizeInPlace(chunks, 3, root);
    }

    public static DepositMessage Decode(ReadOnlySpan<byte> ssz)
    {
        SszReader.RequireLength(ssz, FixedLength, nameof(DepositMessage));
        var reader = new SszReader(ssz, nameof(DepositMessage));
        return new DepositMessage(
            reader.Bytes<BlsPublicKeyBytes>("pubkey"),
            reader.Bytes<Bytes32>("withdrawal_credentials"),
            reader.UInt64<Gwei>("amount"));
    }
}
