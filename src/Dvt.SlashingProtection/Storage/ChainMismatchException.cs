namespace Dvt.SlashingProtection.Storage;

/// <summary>A database that already belongs to another chain was opened; nothing in it was changed.</summary>
public sealed class ChainMismatchException(GenesisValidatorsRoot stored, GenesisValidatorsRoot requested)
    : Exception($"the slashing-protection database belongs to the chain with genesis_validators_root {stored}, not {requested}")
{
    public GenesisValidatorsRoot Stored { get; } = stored;

    public GenesisValidatorsRoot Requested { get; } = requested;
}
