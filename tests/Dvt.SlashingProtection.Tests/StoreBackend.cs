namespace Dvt.SlashingProtection.Tests;

/// <summary>A database engine the same tests run against: makes empty databases and opens stores on them.</summary>
public abstract class StoreBackend : IAsyncDisposable
{
    public abstract string Name { get; }

    /// <summary>An empty database (a file path or a connection string).</summary>
    public abstract Task<string> NewDatabaseAsync();

    /// <summary>Opens a store on a database; several stores on one database act like separate processes.</summary>
    public abstract Task<ISlashingProtectionStore> OpenAsync(string database, GenesisValidatorsRoot genesisValidatorsRoot);

    public async Task<ISlashingProtectionStore> OpenNewAsync(GenesisValidatorsRoot genesisValidatorsRoot)
        => await OpenAsync(await NewDatabaseAsync(), genesisValidatorsRoot);

    /// <summary>Makes the database itself raise an error when a block at <paramref name="slot"/> is written (a real failure, injected by trigger).</summary>
    public abstract Task InjectFailureOnBlockSlotAsync(string database, ulong slot);

    public abstract ValueTask DisposeAsync();

    public override string ToString() => Name;
}
