using Dvt.Consensus.Primitives;

namespace Dvt.Consensus.Signing;

/// <summary>The domain types of consensus-specs (phase0, altair) and builder-specs; values pinned by tests.</summary>
public static class DomainTypes
{
    public static readonly DomainType BeaconProposer = Of(0x00, 0x00, 0x00, 0x00);
    public static readonly DomainType BeaconAttester = Of(0x01, 0x00, 0x00, 0x00);
    public static readonly DomainType Randao = Of(0x02, 0x00, 0x00, 0x00);
    public static readonly DomainType Deposit = Of(0x03, 0x00, 0x00, 0x00);
    public static readonly DomainType VoluntaryExit = Of(0x04, 0x00, 0x00, 0x00);
    public static readonly DomainType SelectionProof = Of(0x05, 0x00, 0x00, 0x00);
    public static readonly DomainType AggregateAndProof = Of(0x06, 0x00, 0x00, 0x00);
    public static readonly DomainType SyncCommittee = Of(0x07, 0x00, 0x00, 0x00);
    public static readonly DomainType SyncCommitteeSelectionProof = Of(0x08, 0x00, 0x00, 0x00);
    public static readonly DomainType ContributionAndProof = Of(0x09, 0x00, 0x00, 0x00);
    public static readonly DomainType ApplicationBuilder = Of(0x00, 0x00, 0x00, 0x01);

    private static DomainType Of(byte b0, byte b1, byte b2, byte b3) => new([b0, b1, b2, b3]);
}
