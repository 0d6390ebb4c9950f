namespace Dvt.Coordinator.History;

/// <summary>
/// One source of the point in chain time before which a holder that received key material must not sign: the
/// chain time of the receipt itself (<see cref="CustodyChangeWatermarks"/>), and an imported validator's EIP-3076 low
/// watermarks as importValidator published them (<see cref="ImportedHistoryWatermarks"/>). Every source is applied;
/// the store keeps the highest.
/// </summary>
public interface ILowWatermarkSource
{
    /// <summary>This source's watermark for the receipt, or null when it sets none.</summary>
    Task<ChainWatermark?> WatermarkAsync(KeyReceipt receipt, CancellationToken cancellationToken);

    /// <summary>
    /// Whether this source also bounds the owner's original full key of a validator that was never distributed (a
    /// solo import): true for history made before the registry knew the key, false for custody changes.
    /// </summary>
    bool BoundsTheOriginalKey => false;
}
