namespace Dvt.Coordinator.Devnet;

/// <summary>One signature the devnet obtained, as the --report file lists it.</summary>
/// <param name="Path">threshold, recovery or solo: which key material produced it (from the coordinator).</param>
/// <param name="Verified">The signature verifies under the validator's public key over the signing root (checked here with blst).</param>
public sealed record SignatureRecord(
    string Phase,
    ulong ValidatorId,
    int Coordinator,
    string Type,
    string Pubkey,
    string SigningRoot,
    string Signature,
    string Path,
    bool Verified,
    ulong? Slot,
    ulong? SourceEpoch,
    ulong? TargetEpoch);
