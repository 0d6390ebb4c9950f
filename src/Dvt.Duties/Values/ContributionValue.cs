using Dvt.Consensus;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Ssz;

namespace Dvt.Duties.Values;

/// <summary>
/// The value a contribution instance (one sync subcommittee of one slot) decides: the SyncCommitteeContribution as
/// SSZ, as the proposing holder's beacon node gave it for the decided head root.
/// </summary>
public static class ContributionValue
{
    public static byte[] Encode(SyncCommitteeContribution contribution) => contribution.Serialize();

    /// <summary>Throws <see cref="SszDecodingException"/> (or <see cref="ArgumentException"/>) for bytes that are not one for the preset.</summary>
    public static SyncCommitteeContribution Decode(ReadOnlySpan<byte> value, ConsensusPreset preset) => SyncCommitteeContribution.Decode(value, preset);

    /// <summary>True when the contribution a validator client asks to sign is the decided one, bit for bit.</summary>
    public static bool Matches(ReadOnlySpan<byte> decided, SyncCommitteeContribution signed) =>
        decided.SequenceEqual(signed.Serialize());
}
