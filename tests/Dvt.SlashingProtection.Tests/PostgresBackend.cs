using Dvt.SlashingProtection.Storage;

namespace Dvt.SlashingProtection.Tests;

/// <summary>Fresh schemas in the shared throwaway cluster, in one database per test class.</summary>
public sealed class PostgresBackend(PostgresCluster cluster, string testClass) : StoreBackend
{
    public override string Name => "PostgreSQL";

    public override Task<string> NewDatabaseAsync() => cluster.CreateSchemaAsync(testClass);

    public override async Task<ISlashingProtectionStore> OpenAsync(string database, GenesisValidatorsRoot genesisValidatorsRoot)
        => await PostgresSlashingProtectionStore.OpenAsync(database, genesisValidatorsRoot);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
