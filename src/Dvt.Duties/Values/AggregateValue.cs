using Dvt.Consensus.Containers;
using Dvt.Consensus.Ssz;

namespace Dvt.Duties.Values;

/// <summary>
/// The value an aggregate instance (one committee of one slot) decides: the aggregate Attestation (phase0 container:
/// aggregation bits, data with the committee index, signature) as SSZ, as the proposing holder's beacon node gave it.
/// Holders' beacon nodes see different subsets of the committee's attestations; the decision makes them one value, so
/// every holder's validator client signs the same AggregateAndProof.
/// </summary>
public static class AggregateValue
{
    public static byte[] Encode(Attestation aggregate) => aggregate.Serialize();

    /// <summary>Throws <see cref="SszDecodingException"/> (or <see cref="ArgumentException"/>) for bytes that are not one.</summary>
    public static Attestation Decode(ReadOnlySpan<byte> value) => Attestation.Decode(value);

    /// <summary>True when the aggregate a validator client asks to sign is the decided one, bit for bit.</summary>
    public static bool Matches(ReadOnlySpan<byte> decided, Attestation signed) => Decode(decided).HashTreeRoot() == signed.HashTreeRoot();
}
