using Dvt.Consensus.Containers;
using Dvt.Consensus.Primitives;

namespace Dvt.Consensus.Signing.Web3Signer;

/// <summary>
/// A parsed Web3Signer eth2 sign request: its typed object, the fork_info it was sent with, and the signingRoot
/// the client claims. The signer signs <see cref="ComputeSigningRoot"/>, never the claimed root: a request whose
/// claim differs is refused (<see cref="ClaimMatches"/>).
/// </summary>
public abstract record SignRequest(ForkInfo? ForkInfo, Root? ClaimedSigningRoot)
{
    public abstract SignRequestType Type { get; }

    public abstract Root ComputeSigningRoot(SigningRoots roots);

    /// <summary>True when the request claims no signing root or claims <paramref name="computed"/>.</summary>
    public bool ClaimMatches(Root computed) => ClaimedSigningRoot is not { } claimed || claimed == computed;

    /// <summary>The fork_info, which every request type but deposits and builder registrations must carry.</summary>
    protected ForkInfo RequiredForkInfo => ForkInfo ?? throw new InvalidOperationException($"{Type} request has no fork_info");
}

public sealed record AggregationSlotRequest(ForkInfo ForkInfo, Root? ClaimedSigningRoot, Slot Slot) : SignRequest(ForkInfo, ClaimedSigningRoot)
{
    public override SignRequestType Type => SignRequestType.AggregationSlot;

    public override Root ComputeSigningRoot(SigningRoots roots) => roots.AggregationSlot(RequiredForkInfo, Slot);
}

/// <summary>AGGREGATE_AND_PROOF, or AGGREGATE_AND_PROOF_V2 of a fork before electra (<see cref="Version"/> set).</summary>
public sealed record AggregateAndProofRequest(ForkInfo ForkInfo, Root? ClaimedSigningRoot, AggregateAndProof AggregateAndProof, string? Version = null)
    : SignRequest(ForkInfo, ClaimedSigningRoot)
{
    public override SignRequestType Type => Version is null ? SignRequestType.AggregateAndProof : SignRequestType.AggregateAndProofV2;

    public override Root ComputeSigningRoot(SigningRoots roots) => roots.AggregateAndProof(RequiredForkInfo, AggregateAndProof);
}

/// <summary>AGGREGATE_AND_PROOF_V2 from electra on.</summary>
public sealed record ElectraAggregateAndProofRequest(ForkInfo ForkInfo, Root? ClaimedSigningRoot, string Version, ElectraAggregateAndProof AggregateAndProof)
    : SignRequest(ForkInfo, ClaimedSigningRoot)
{
    public override SignRequestType Type => SignRequestType.AggregateAndProofV2;

    public override Root ComputeSigningRoot(SigningRoots roots) => roots.AggregateAndProof(RequiredForkInfo, AggregateAndProof);
}

/// <summary>ATTESTATION: slashing protection checks <see cref="AttestationData.Source"/> and <see cref="AttestationData.Target"/> epochs.</summary>
public sealed record AttestationRequest(ForkInfo ForkInfo, Root? ClaimedSigningRoot, AttestationData Attestation)
    : SignRequest(ForkInfo, ClaimedSigningRoot)
{
    public override SignRequestType Type => SignRequestType.Attestation;

    public override Root ComputeSigningRoot(SigningRoots roots) => roots.Attestation(RequiredForkInfo, Attestation);
}

/// <summary>
/// BLOCK_V2, reduced to the block's header (a full phase0/altair block is hashed into its body_root on parsing):
/// the header signs the same root, and carries the slot slashing protection checks.
/// </summary>
public sealed record BlockRequest(ForkInfo ForkInfo, Root? ClaimedSigningRoot, string Version, BeaconBlockHeader Header)
    : SignRequest(ForkInfo, ClaimedSigningRoot)
{
    public override SignRequestType Type => SignRequestType.BlockV2;

    public override Root ComputeSigningRoot(SigningRoots roots) => roots.BeaconBlock(RequiredForkInfo, Header);
}

/// <summary>DEPOSIT: carries its own genesis fork version; no fork_info.</summary>
public sealed record DepositRequest(Root? ClaimedSigningRoot, DepositMessage Message, ForkVersion GenesisForkVersion)
    : SignRequest(null, ClaimedSigningRoot)
{
    public override SignRequestType Type => SignRequestType.Deposit;

    public override Root ComputeSigningRoot(SigningRoots roots) => SigningRoots.Deposit(Message, GenesisForkVersion);
}

public sealed record RandaoRevealRequest(ForkInfo ForkInfo, Root? ClaimedSigningRoot, Epoch Epoch) : SignRequest(ForkInfo, ClaimedSigningRoot)
{
    public override SignRequestType Type => SignRequestType.RandaoReveal;

    public override Root ComputeSigningRoot(SigningRoots roots) => roots.RandaoReveal(RequiredForkInfo, Epoch);
}

public sealed record VoluntaryExitRequest(ForkInfo ForkInfo, Root? ClaimedSigningRoot, VoluntaryExit VoluntaryExit)
    : SignRequest(ForkInfo, ClaimedSigningRoot)
{
    public override SignRequestType Type => SignRequestType.VoluntaryExit;

    public override Root ComputeSigningRoot(SigningRoots roots) => roots.VoluntaryExit(RequiredForkInfo, VoluntaryExit);
}

public sealed record SyncCommitteeMessageRequest(ForkInfo ForkInfo, Root? ClaimedSigningRoot, Slot Slot, Root BeaconBlockRoot)
    : SignRequest(ForkInfo, ClaimedSigningRoot)
{
    public override SignRequestType Type => SignRequestType.SyncCommitteeMessage;

    public override Root ComputeSigningRoot(SigningRoots roots) => roots.SyncCommitteeMessage(RequiredForkInfo, Slot, BeaconBlockRoot);
}

public sealed record SyncCommitteeSelectionProofRequest(ForkInfo ForkInfo, Root? ClaimedSigningRoot, SyncAggregatorSelectionData SelectionData)
    : SignRequest(ForkInfo, ClaimedSigningRoot)
{
    public override SignRequestType Type => SignRequestType.SyncCommitteeSelectionProof;

    public override Root ComputeSigningRoot(SigningRoots roots) => roots.SyncCommitteeSelectionProof(RequiredForkInfo, SelectionData);
}

public sealed record SyncCommitteeContributionAndProofRequest(ForkInfo ForkInfo, Root? ClaimedSigningRoot, ContributionAndProof ContributionAndProof)
    : SignRequest(ForkInfo, ClaimedSigningRoot)
{
    public override SignRequestType Type => SignRequestType.SyncCommitteeContributionAndProof;

    public override Root ComputeSigningRoot(SigningRoots roots) => roots.SyncCommitteeContributionAndProof(RequiredForkInfo, ContributionAndProof);
}

/// <summary>VALIDATOR_REGISTRATION: signed under the chain's genesis fork version (<see cref="SigningRoots.GenesisForkVersion"/>); no fork_info.</summary>
public sealed record ValidatorRegistrationRequest(Root? ClaimedSigningRoot, ValidatorRegistration Registration)
    : SignRequest(null, ClaimedSigningRoot)
{
    public override SignRequestType Type => SignRequestType.ValidatorRegistration;

    public override Root ComputeSigningRoot(SigningRoots roots) => roots.ValidatorRegistration(Registration);
}
