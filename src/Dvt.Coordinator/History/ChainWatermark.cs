namespace Dvt.Coordinator.History;

/// <summary>
/// A point in beacon-chain time at or before which a holder never signs for a validator: no block at or below
/// <paramref name="Slot"/>, no attestation with a source below <paramref name="SourceEpoch"/> or a target at or
/// below <paramref name="TargetEpoch"/>.
/// </summary>
/// <param name="Reason">Where the point comes from (logged with it), e.g. "round 3 completed in block 812".</param>
public sealed record ChainWatermark(ulong Slot, ulong SourceEpoch, ulong TargetEpoch, string Reason)
{
    /// <summary>A point in chain time: its slot, and its epoch as both the lowest source and the highest refused target.</summary>
    public static ChainWatermark AtSlot(ulong slot, ulong epoch, string reason) => new(slot, epoch, epoch, reason);

    public static ChainWatermark? Max(ChainWatermark? a, ChainWatermark? b)
        => a is null ? b : b is null ? a : new ChainWatermark(Math.Max(a.Slot, b.Slot), Math.Max(a.SourceEpoch, b.SourceEpoch),
            Math.Max(a.TargetEpoch, b.TargetEpoch), $"{a.Reason}; {b.Reason}");
}
