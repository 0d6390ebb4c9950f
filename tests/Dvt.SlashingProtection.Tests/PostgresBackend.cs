using Dvt.SlashingProtection.Storage;

namespace Dvt.SlashingProtection.Tests;

/// <summary>Fresh databases in the shared throwaway cluster, named after the test class.</summary>
public sealed class PostgresBackend(PostgresCluster cluster, string prefix) : StoreBackend
{
    public override string Name => "PostgreSQL";

    public override Task<string> NewDatabaseAsync() => cluster.CreateDatabaseAsync(prefix);

    public override async Task<ISlashingProtectionStore> OpenAsync(string database, GenesisValidatorsRoot genesisValidatorsRoot)
        => await PostgresSlashingProtectionStore.OpenAsync(database, genesisValidatorsRoot);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
