using Dvt.Consensus.Containers;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Duties.Values;

/// <summary>
/// The value an attester instance decides: one slot's AttestationData with the committee index set to 0, as SSZ
/// (88 bytes). Committees of one slot differ only in their index, so one decision serves every committee: each
/// validator client gets it with its own committee index put back.
/// </summary>
public static class AttestationValue
{
    public static byte[] Encode(AttestationData data) => (data with { Index = new CommitteeIndex(0) }).Serialize();

    /// <summary>Decodes a decided or proposed value; throws <see cref="SszDecodingException"/> for bytes that are not one.</summary>
    public static AttestationData Decode(ReadOnlySpan<byte> value) => AttestationData.Decode(value);

    /// <summary>The decided data as a validator client asked for it: with its committee index.</summary>
    public static AttestationData ForCommittee(AttestationData decided, CommitteeIndex index) => decided with { Index = index };

    /// <summary>True when <paramref name="signed"/> is <paramref name="decided"/> for some committee of that slot.</summary>
    public static bool Matches(AttestationData decided, AttestationData signed) =>
        signed.Slot == decided.Slot && signed.BeaconBlockRoot == decided.BeaconBlockRoot
        && signed.Source == decided.Source && signed.Target == decided.Target;
}
