namespace Dvt.Coordinator.History;

/// <summary>
/// A point in beacon-chain time at or before which a holder never signs for a validator: no block at or below
/// <paramref name="Slot"/>, no attestation with a target at or below <paramref name="Epoch"/> or a source below it.
/// </summary>
/// <param name="Reason">Where the point comes from (logged with it), e.g. "round 3 completed in block 812".</param>
public sealed record ChainWatermark(ulong Slot, ulong Epoch, string Reason)
{
    public static ChainWatermark? Max(ChainWatermark? a, ChainWatermark? b)
        => a is null ? b : b is null ? a : new ChainWatermark(Math.Max(a.Slot, b.Slot), Math.Max(a.Epoch, b.Epoch), $"{a.Reason}; {b.Reason}");
}
