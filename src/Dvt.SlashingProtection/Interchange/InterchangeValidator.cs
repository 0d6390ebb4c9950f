namespace Dvt.SlashingProtection.Interchange;

/// <summary>One entry of an interchange's data array. A key may appear in several entries; import merges them.</summary>
public sealed record InterchangeValidator(
    ValidatorPublicKeyBytes PublicKey,
    IReadOnlyList<SignedBlockRecord> SignedBlocks,
    IReadOnlyList<SignedAttestationRecord> SignedAttestations);
