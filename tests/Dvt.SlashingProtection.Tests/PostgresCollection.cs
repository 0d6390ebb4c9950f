namespace Dvt.SlashingProtection.Tests;

/// <summary>All PostgreSQL test classes share one cluster per test run (each class uses its own databases).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL cluster";
}
