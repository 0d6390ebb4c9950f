namespace Dvt.Signer.Lifecycle;

/// <summary>A validator's lifecycle as far as lifecycle messages care (from the registry's ValidatorStatus).</summary>
public enum LifecyclePhase
{
    /// <summary>Requested, key not known yet: nothing to deposit.</summary>
    AwaitingKey = 1,

    /// <summary>Key known, 32 ETH held, no deposit made: the only phase a DEPOSIT is signed in.</summary>
    AwaitingDeposit = 2,

    /// <summary>Deposited (or imported from the beacon chain): running.</summary>
    Deposited = 3,

    /// <summary>The owner asked the registry for its exit: a VOLUNTARY_EXIT may be signed.</summary>
    ExitRequested = 4,

    /// <summary>The registry recorded the exit as done (an exit message is still the one the owner asked for).</summary>
    Exited = 5,
}
