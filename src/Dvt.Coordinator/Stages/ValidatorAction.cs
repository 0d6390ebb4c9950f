namespace Dvt.Coordinator.Stages;

/// <summary>One step an operator takes for a validator; <see cref="ValidatorActionTable"/> says when, <see cref="ValidatorStage"/> which type does it.</summary>
public enum ValidatorAction
{
    /// <summary>Delete every share file of the validator (<see cref="KeyFileStep"/>).</summary>
    DeleteShares,
    /// <summary>Recompute the held share if its file is lost; delete every share neither held nor being acked (<see cref="KeyFileStep"/>).</summary>
    KeepCurrentShares,
    /// <summary>Find the owner's full key (file, staged import, or fresh); the pass stops when the chain has a key that is nowhere here (<see cref="KeyFileStep"/>).</summary>
    EnsureFullKey,
    /// <summary>Rebuild the owner's full key from a DKG round's escrows (<see cref="KeyFileStep"/>; DKG rounds only).</summary>
    RecoverDkgFullKey,
    /// <summary><c>setSoloPublicKey</c> with the full key (<see cref="SoloKeyStep"/>).</summary>
    SetSoloPublicKey,
    /// <summary><c>promoteStaged</c> once enough operators are active (<see cref="SoloKeyStep"/>; staged validators only).</summary>
    PromoteStaged,
    /// <summary>Judge the complaints not judged yet; a judge posts its ruling (<see cref="KeyRoundStep"/>).</summary>
    JudgeComplaints,
    /// <summary><c>drawHolders</c> (<see cref="KeyRoundStep"/>).</summary>
    DrawHolders,
    /// <summary>Deal (persisted before <c>submitDeal</c>) (<see cref="KeyRoundStep"/>).</summary>
    Deal,
    /// <summary>Check the deals, then complain or save the share and ack (<see cref="KeyRoundStep"/>).</summary>
    CheckAndAck,
    /// <summary><c>restartRound</c> once the complaints are ruled on or waited for (<see cref="KeyRoundStep"/>).</summary>
    RestartRound,
    /// <summary>Deposit, threshold-signed or signed with the owner's full key (<see cref="FundingStep"/>).</summary>
    Deposit,
    /// <summary>Sign and submit the voluntary exit, confirm it once the beacon node shows it (<see cref="ExitStep"/>).</summary>
    Exit,
    /// <summary>Serve the validator's threshold signing set (holders and the owner) (<see cref="SigningSetPublisher"/>).</summary>
    PublishShares,
    /// <summary>Serve the owner's full key (<see cref="SigningSetPublisher"/>).</summary>
    PublishFullKey,
    /// <summary>Serve nothing for the validator (<see cref="SigningSetPublisher"/>).</summary>
    Unpublish,
}
