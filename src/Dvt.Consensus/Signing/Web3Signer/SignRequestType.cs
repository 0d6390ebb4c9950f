namespace Dvt.Consensus.Signing.Web3Signer;

/// <summary>The "type" of a Web3Signer eth2 sign request (the wire names are pinned by <see cref="SignRequestTypes"/>).</summary>
public enum SignRequestType
{
    AggregationSlot = 1,
    AggregateAndProof = 2,
    Attestation = 3,
    BlockV2 = 4,
    Deposit = 5,
    RandaoReveal = 6,
    VoluntaryExit = 7,
    SyncCommitteeMessage = 8,
    SyncCommitteeSelectionProof = 9,
    SyncCommitteeContributionAndProof = 10,
    ValidatorRegistration = 11,
    AggregateAndProofV2 = 12,
}
