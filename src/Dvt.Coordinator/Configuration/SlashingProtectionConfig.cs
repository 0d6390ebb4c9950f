namespace Dvt.Coordinator.Configuration;

public enum SlashingDatabaseKind
{
    Sqlite,
    Postgres,
}

/// <summary>Where the EIP-3076 slashing-protection records live. SQLite defaults to dataDir/slashing.sqlite.</summary>
public sealed record SlashingProtectionConfig(SlashingDatabaseKind Kind, string? ConnectionString);
