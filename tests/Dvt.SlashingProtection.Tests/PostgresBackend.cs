using Dvt.SlashingProtection.Storage;

namespace Dvt.SlashingProtection.Tests;

/// <summary>Fresh schemas in the shared throwaway cluster, in one database per test class.</summary>
public sealed class PostgresBackend(PostgresCluster cluster, string testClass) : StoreBackend
{
    public override string Name => "PostgreSQL";

    public override Task<string> NewDatabaseAsync() => cluster.CreateSchemaAsync(testClass);

    public override async Task<ISlashingProtectionStore> OpenAsync(string database, GenesisValidatorsRoot genesisValidatorsRoot)
        => await PostgresSlashingProtectionStore.OpenAsync(database, genesisValidatorsRoot);

    public override async Task InjectFailureOnBlockSlotAsync(string database, ulong slot)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $$"""
            CREATE FUNCTION injected_failure() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.slot = {{StoredNumber.ToColumn(slot)}} THEN RAISE EXCEPTION 'injected failure'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER injected_failure BEFORE INSERT ON signed_blocks FOR EACH ROW EXECUTE FUNCTION injected_failure();
            """;
        await command.ExecuteNonQueryAsync();
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
