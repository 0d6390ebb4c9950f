using System.Buffers.Binary;
using Dvt.Consensus;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Ssz;

namespace Dvt.Duties.Values;

/// <summary>
/// The value an aggregate instance (one committee of one slot) decides: the aggregate Attestation as SSZ, as the
/// proposing holder's beacon node gave it: the phase0 container (aggregation bits, data with the committee index,
/// signature) before electra, electra's (data with index 0, the committee in committee_bits) from electra on. The two
/// encodings differ in their first 4 bytes, the offset of aggregation_bits (228 for phase0, 228 + the committee_bits
/// bytes for electra). Holders' beacon nodes see different subsets of the committee's attestations; the decision makes
/// them one value, so every holder's validator client signs the same AggregateAndProof.
/// </summary>
public static class AggregateValue
{
    private const int Phase0FixedPart = SszReader.OffsetSize + AttestationData.FixedLength + Dvt.Consensus.Primitives.BlsSignatureBytes.ByteLength;

    public static byte[] Encode(Attestation aggregate) => aggregate.Serialize();

    public static byte[] Encode(ElectraAttestation aggregate) => aggregate.Serialize();

    /// <summary>Whether a decided or proposed value is electra's container (else phase0's).</summary>
    public static bool IsElectra(ReadOnlySpan<byte> value)
        => value.Length >= SszReader.OffsetSize && BinaryPrimitives.ReadUInt32LittleEndian(value) != Phase0FixedPart;

    /// <summary>Throws <see cref="SszDecodingException"/> (or <see cref="ArgumentException"/>) for bytes that are not one.</summary>
    public static Attestation Decode(ReadOnlySpan<byte> value) => Attestation.Decode(value);

    public static ElectraAttestation DecodeElectra(ReadOnlySpan<byte> value, ConsensusPreset preset) => ElectraAttestation.Decode(value, preset);

    /// <summary>True when the aggregate a validator client asks to sign is the decided one, bit for bit.</summary>
    public static bool Matches(ReadOnlySpan<byte> decided, Attestation signed)
        => !IsElectra(decided) && Decode(decided).HashTreeRoot() == signed.HashTreeRoot();

    /// <summary>True when the electra aggregate a validator client asks to sign is the decided one, byte for byte (SSZ is canonical).</summary>
    public static bool Matches(ReadOnlySpan<byte> decided, ElectraAttestation signed)
        => IsElectra(decided) && decided.SequenceEqual(signed.Serialize());

    /// <summary>The one committee an electra aggregate is for, or null when committee_bits does not set exactly one.</summary>
    public static ulong? SoleCommittee(ElectraAttestation aggregate)
    {
        ulong? committee = null;
        for (var i = 0; i < aggregate.CommitteeBits.Count; i++)
        {
            if (!aggregate.CommitteeBits[i])
                continue;
            if (committee is not null)
                return null;
            committee = (ulong)i;
        }
        return committee;
    }
}
