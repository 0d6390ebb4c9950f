using Dvt.Consensus.Primitives;
namespace Dvt.SlashingProtection.Storage;

/// <summary>A registered key as stored, with the low watermarks set by the last import (null before any).</summary>
internal sealed record ValidatorRow(
    long Id,
    ValidatorPublicKeyBytes PublicKey,
    Slot? ImportedBlockSlot,
    Epoch? ImportedSourceEpoch,
    Epoch? ImportedTargetEpoch);
