namespace Dvt.Coordinator.Configuration;

/// <summary>
/// Test-only misbehaviour. <see cref="CorruptShareFor"/>: when this coordinator deals, it corrupts the encrypted
/// share sent to each listed operator (the receiver's check fails and it complains). <see cref="CorruptEscrow"/>:
/// when it deals in a DKG, it corrupts the escrow of its constant term to the owner (the owner complains). Never set
/// in production; the daemon logs a warning at start when any switch is on.
/// </summary>
public sealed record FaultInjectionConfig(IReadOnlyList<ulong> CorruptShareFor, bool CorruptEscrow = false)
{
    public static FaultInjectionConfig None { get; } = new([]);

    public bool Any => CorruptShareFor.Count > 0 || CorruptEscrow;
}
