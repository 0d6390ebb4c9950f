namespace Dvt.Coordinator.Beacon;

/// <summary>A validator as the beacon node reports it: index and status (Beacon API: pending_*, active_*, exited_*, withdrawal_*).</summary>
public sealed record BeaconValidator(ulong Index, string Status)
{
    /// <summary>The beacon chain has exited it (exited_unslashed, exited_slashed) or it can withdraw: it has no more duties.</summary>
    public bool HasLeft => Status.StartsWith("exited_", StringComparison.Ordinal) || Status.StartsWith("withdrawal_", StringComparison.Ordinal);

    /// <summary>An exit is already in the beacon chain's queue (active_exiting, active_slashed).</summary>
    public bool IsExiting => Status is "active_exiting" or "active_slashed";
}
