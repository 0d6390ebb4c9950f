namespace Dvt.Coordinator.History;

/// <summary>
/// One source of the point in chain time before which a holder that received key material must not sign: the
/// chain time of the receipt itself (<see cref="CustodyChangeWatermarks"/>), and (once the registry publishes them
/// with importValidator) an imported validator's EIP-3076 low watermarks. Every source is applied; the store keeps
/// the highest.
/// </summary>
public interface ILowWatermarkSource
{
    /// <summary>This source's watermark for the receipt, or null when it sets none.</summary>
    Task<ChainWatermark?> WatermarkAsync(KeyReceipt receipt, CancellationToken cancellationToken);
}
