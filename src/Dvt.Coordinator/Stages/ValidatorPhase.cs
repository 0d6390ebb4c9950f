namespace Dvt.Coordinator.Stages;

/// <summary>Where a validator stands at the confirmed block, as far as this operator's next step depends on it.</summary>
public enum ValidatorPhase
{
    /// <summary>Not in the registry (status None).</summary>
    Unknown,
    Exited,
    /// <summary>Exit requested; no distributed key to serve (solo, staged, or distributed before its first round).</summary>
    ExitRequested,
    /// <summary>Exit requested for a distributed validator with a round: its holders keep serving it until the exit is confirmed.</summary>
    ExitRequestedDistributed,
    /// <summary>Solo or staged, waiting for the owner's key (status Requested).</summary>
    SoloKeyRequested,
    /// <summary>Solo or staged, key set, not deposited (status Ready).</summary>
    SoloReady,
    /// <summary>Solo or staged, deposited.</summary>
    SoloDeposited,
    /// <summary>Distributed, holders to be drawn at a later block.</summary>
    DrawWaiting,
    /// <summary>Distributed, holders to be drawn now.</summary>
    DrawDue,
    /// <summary>Distributed, no round started yet.</summary>
    NoRound,
    Dealing,
    Acking,
    RoundFailed,
    /// <summary>Distributed, the current round completed; deposited or deposit not yet possible.</summary>
    RoundCompleted,
    /// <summary>Distributed, the current round completed and the validator waits for its deposit (status Ready).</summary>
    RoundCompletedReady,
    /// <summary>Distributed, the current round neither runs nor completed (aborted).</summary>
    RoundAborted,
}
