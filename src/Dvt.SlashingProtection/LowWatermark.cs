namespace Dvt.SlashingProtection;

/// <summary>
/// Which lower bound a refused request fell under. Values are pinned: they appear in logs and metrics.
/// "Imported" bounds are set by an interchange import to the highest slot / epochs known at that
/// time (the EIP-3076 minimal strategy); "Earliest" bounds are the lowest values this key has recorded.
/// </summary>
public enum LowWatermark
{
    /// <summary>Block slot at or below the highest slot known when an interchange was imported.</summary>
    ImportedBlockSlot = 1,
    /// <summary>Block slot below the earliest block recorded for the key.</summary>
    EarliestBlockSlot = 2,
    /// <summary>Attestation source below the highest source known when an interchange was imported.</summary>
    ImportedSourceEpoch = 3,
    /// <summary>Attestation target at or below the highest target known when an interchange was imported.</summary>
    ImportedTargetEpoch = 4,
    /// <summary>Attestation source below the earliest source recorded for the key.</summary>
    EarliestSourceEpoch = 5,
    /// <summary>Attestation target below the earliest target recorded for the key.</summary>
    EarliestTargetEpoch = 6,
}
