using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers;

/// <summary>ValidatorRegistrationV1 (builder-specs): a validator's fee recipient and gas limit for MEV builders.</summary>
public sealed record ValidatorRegistration(ExecutionAddress FeeRecipient, ulong GasLimit, ulong Timestamp, BlsPublicKeyBytes Pubkey)
    : ISszCodec<ValidatorRegistration>
{
    public const int FixedLength = 20 + 8 + 8 + 48;

    [JsonIgnore]
    public int SszLength => FixedLength;

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.Bytes(FeeRecipient);
        writer.UInt64(GasLimit);
        writer.UInt64(Timestamp);
        writer.Bytes(Pubkey);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[4 * Merkleization.ChunkSize];
        SszChunks.Bytes(FeeRecipient, SszChunks.At(chunks, 0));
        SszChunks.UInt64(GasLimit, SszChunks.At(chunks, 1));
        SszChunks.UInt64(Timestamp, SszChunks.At(chunks, 2));
        SszChunks.Bytes(Pubkey, SszChunks.At(chunks, 3));
        Merkleization.MerkleizeInPlace(chunks, 4, root);
    }

    public static ValidatorRegistration Decode(ReadOnlySpan<byte> ssz)
    {
        SszReader.RequireLength(ssz, FixedLength, nameof(ValidatorRegistration));
        var reader = new SszReader(ssz, nameof(ValidatorRegistration));
        return new ValidatorRegistration(
            reader.Bytes<ExecutionAddress>("fee_recipient"),
            reader.UInt64("gas_limit"),
            reader.UInt64("timestamp"),
            reader.Bytes<BlsPublicKeyBytes>("pubkey"));
    }
}
