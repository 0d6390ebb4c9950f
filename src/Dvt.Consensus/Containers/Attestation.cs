using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers;

/// <summary>Attestation (phase0): aggregation_bits is Bitlist[MAX_VALIDATORS_PER_COMMITTEE].</summary>
public sealed record Attestation(Bitlist AggregationBits, AttestationData Data, BlsSignatureBytes Signature) : ISszCodec<Attestation>
{
    /// <summary>MAX_VALIDATORS_PER_COMMITTEE, the same in the mainnet and minimal presets.</summary>
    public const int MaxValidatorsPerCommittee = 2048;

    public const int FixedPartLength = SszReader.OffsetSize + AttestationData.FixedLength + BlsSignatureBytes.ByteLength;

    public Bitlist AggregationBits { get; } = CheckBits(AggregationBits);

    public AttestationData Data { get; } = Data ?? throw new ArgumentNullException(nameof(Data));

    [JsonIgnore]
    public int SszLength => FixedPartLength + AggregationBits.SszLength;

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.Offset(FixedPartLength);
        writer.Value(Data);
        writer.Bytes(Signature);
        writer.Bitlist(AggregationBits);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[3 * Merkleization.ChunkSize];
        AggregationBits.HashTreeRootTo(MaxValidatorsPerCommittee, SszChunks.At(chunks, 0));
        Data.HashTreeRootTo(SszChunks.At(chunks, 1));
        SszChunks.Bytes(Signature, SszChunks.At(chunks, 2));
        Merkleization.MerkleizeInPlace(chunks, 3, root);
    }

    public static Attestation Decode(ReadOnlySpan<byte> ssz)
    {
        var reader = new SszReader(ssz, nameof(Attestation));
        var bitsOffset = reader.Offset("aggregation_bits");
        var data = AttestationData.Decode(reader.Take(AttestationData.FixedLength, "data"));
        var signature = reader.Bytes<BlsSignatureBytes>("signature");
        var bits = Bitlist.Decode(reader.SoleVariablePart(bitsOffset, "aggregation_bits"), MaxValidatorsPerCommittee, nameof(Attestation));
        return new Attestation(bits, data, signature);
    }

    private static Bitlist CheckBits(Bitlist bits)
    {
        ArgumentNullException.ThrowIfNull(bits, nameof(AggregationBits));
        if (bits.Count > MaxValidatorsPerCommittee)
            throw new ArgumentException($"aggregation_bits has {bits.Count} bits, more than MAX_VALIDATORS_PER_COMMITTEE = {MaxValidatorsPerCommittee}", nameof(AggregationBits));
        return bits;
    }
}
