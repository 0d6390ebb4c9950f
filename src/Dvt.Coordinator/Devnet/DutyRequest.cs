namespace Dvt.Coordinator.Devnet;

/// <summary>
/// One Web3Signer sign request as a validator client would send it, with what the report needs beside it: the
/// signing root computed here independently of the signer, and the slot / epochs slashing protection judges.
/// </summary>
public sealed record DutyRequest(
    string Type,
    string PublicKey,
    string SigningRoot,
    string Body,
    ulong? Slot,
    ulong? SourceEpoch,
    ulong? TargetEpoch);
