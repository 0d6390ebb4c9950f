using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers;

/// <summary>DepositData (phase0): what the deposit contract receives; its root is the contract's deposit_data_root.</summary>
public sealed record DepositData(BlsPublicKeyBytes Pubkey, Bytes32 WithdrawalCredentials, Gwei Amount, BlsSignatureBytes Signature)
    : ISszCodec<DepositData>
{
    public const int FixedLength = 48 + 32 + 8 + 96;

    [JsonIgnore]
    public int SszLength => FixedLength;

    /// <summary>The signed part.</summary>
    [JsonIgnore]
    public DepositMessage Message => new(Pubkey, WithdrawalCredentials, Amount);

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.Bytes(Pubkey);
        writer.Bytes(WithdrawalCredentials);
        writer.UInt64(Amount);
        writer.Bytes(Signature);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[4 * Merkleization.ChunkSize];
        SszChunks.Bytes(Pubkey, SszChunks.At(chunks, 0));
        SszChunks.Bytes(WithdrawalCredentials, SszChunks.At(chunks, 1));
        SszChunks.UInt64(Amount.Value, SszChunks.At(chunks, 2));
        SszChunks.Bytes(Signature, SszChunks.At(chunks, 3));
        Merkleization.MerkleizeInPlace(chunks, 4, root);
    }

    public static DepositData Decode(ReadOnlySpan<byte> ssz)
    {
        SszReader.RequireLength(ssz, FixedLength, nameof(DepositData));
        var reader = new SszReader(ssz, nameof(DepositData));
        return new DepositData(
            reader.Bytes<BlsPublicKeyBytes>("pubkey"),
            reader.Bytes<Bytes32>("withdrawal_credentials"),
            reader.UInt64<Gwei>("amount"),
            reader.Bytes<BlsSignatureBytes>("signature"));
    }
}
