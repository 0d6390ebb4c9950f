using Dvt.SlashingProtection.Storage;

namespace Dvt.SlashingProtection.Tests;

/// <summary>SQLite files in a temp folder deleted on dispose.</summary>
public sealed class SqliteBackend : StoreBackend
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dvt-sp-").FullName;
    private int _counter;

    public override string Name => "SQLite";

    public override Task<string> NewDatabaseAsync()
        => Task.FromResult(Path.Combine(_folder, $"slashing-{Interlocked.Increment(ref _counter)}.sqlite"));

    public override async Task<ISlashingProtectionStore> OpenAsync(string database, GenesisValidatorsRoot genesisValidatorsRoot)
        => await SqliteSlashingProtectionStore.OpenAsync(database, genesisValidatorsRoot);

    public override async Task InjectFailureOnBlockSlotAsync(string database, ulong slot)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE TRIGGER injected_failure BEFORE INSERT ON signed_blocks WHEN NEW.slot = {StoredNumber.ToColumn(slot)} "
            + "BEGIN SELECT RAISE(ABORT, 'injected failure'); END;";
        await command.ExecuteNonQueryAsync();
    }

    public override ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
        return ValueTask.CompletedTask;
    }
}
