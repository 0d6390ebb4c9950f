namespace Dvt.Consensus.Signing.Web3Signer;

/// <summary>Wire names of <see cref="SignRequestType"/> and the JSON field holding each type's object.</summary>
public static class SignRequestTypes
{
    private static readonly (SignRequestType Type, string Wire, string Field)[] Table =
    [
        (SignRequestType.AggregationSlot, "AGGREGATION_SLOT", "aggregation_slot"),
        (SignRequestType.AggregateAndProof, "AGGREGATE_AND_PROOF", "aggregate_and_proof"),
        (SignRequestType.Attestation, "ATTESTATION", "attestation"),
        (SignRequestType.BlockV2, "BLOCK_V2", "beacon_block"),
        (SignRequestType.Deposit, "DEPOSIT", "deposit"),
        (SignRequestType.RandaoReveal, "RANDAO_REVEAL", "randao_reveal"),
        (SignRequestType.VoluntaryExit, "VOLUNTARY_EXIT", "voluntary_exit"),
        (SignRequestType.SyncCommitteeMessage, "SYNC_COMMITTEE_MESSAGE", "sync_committee_message"),
        (SignRequestType.SyncCommitteeSelectionProof, "SYNC_COMMITTEE_SELECTION_PROOF", "sync_aggregator_selection_data"),
        (SignRequestType.SyncCommitteeContributionAndProof, "SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF", "contribution_and_proof"),
        (SignRequestType.ValidatorRegistration, "VALIDATOR_REGISTRATION", "validator_registration"),
        (SignRequestType.AggregateAndProofV2, "AGGREGATE_AND_PROOF_V2", "aggregate_and_proof"),
    ];

    public static string WireName(SignRequestType type) => Find(type).Wire;

    /// <summary>The request field that carries the object to sign.</summary>
    public static string PayloadField(SignRequestType type) => Find(type).Field;

    public static bool TryParse(string wireName, out SignRequestType type)
    {
        foreach (var entry in Table)
        {
            if (entry.Wire == wireName)
            {
                type = entry.Type;
                return true;
            }
        }
        type = default;
        return false;
    }

    /// <summary>Deposits and builder registrations are signed with a genesis domain and carry no fork_info.</summary>
    public static bool NeedsForkInfo(SignRequestType type) => type is not (SignRequestType.Deposit or SignRequestType.ValidatorRegistration);

    private static (SignRequestType Type, string Wire, string Field) Find(SignRequestType type)
    {
        foreach (var entry in Table)
        {
            if (entry.Type == type)
                return entry;
        }
        throw new ArgumentOutOfRangeException(nameof(type), type, "not a Web3Signer request type");
    }
}
