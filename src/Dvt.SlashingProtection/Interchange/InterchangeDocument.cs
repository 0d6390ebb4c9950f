namespace Dvt.SlashingProtection.Interchange;

/// <summary>An EIP-3076 interchange (format version 5): the signing history of some keys on one chain.</summary>
public sealed record InterchangeDocument(GenesisValidatorsRoot GenesisValidatorsRoot, IReadOnlyList<InterchangeValidator> Data)
{
    /// <summary>The only interchange_format_version this code reads and writes.</summary>
    public const string FormatVersion = "5";
}
