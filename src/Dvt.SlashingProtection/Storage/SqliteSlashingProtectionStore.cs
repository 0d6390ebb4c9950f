using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Dvt.SlashingProtection.Storage;

/// <summary>
/// The default store: one SQLite file in WAL mode with synchronous=FULL. Every writing transaction runs under BEGIN
/// IMMEDIATE, which takes the file's single write lock up front, so checks from any thread, connection or process
/// sharing the file are serialized. SQLite admits one writer at a time and its busy handler makes the others sleep and
/// retry (up to 100 ms a try); with a slot's attestations checked at once (a thousand writers at a holder) those
/// sleeps, and then a commit fsync per check, were most of the slot. So this process's writers are committed in groups
/// (<see cref="WriterGroupCommit"/>): one transaction at a time, each check in its own savepoint, one fsync per group,
/// and no answer before its group's commit returned, so a record is still on disk before the signature it allows
/// leaves the process. Another process on the same file still meets the busy handler.
/// </summary>
public sealed class SqliteSlashingProtectionStore : SqlSlashingProtectionStore
{
    private const int BusyTimeoutMilliseconds = 60_000;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS store_metadata (
            name TEXT PRIMARY KEY,
            value BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS validators (
            id INTEGER PRIMARY KEY,
            pubkey BLOB NOT NULL UNIQUE,
            imported_block_slot INTEGER,
            imported_source_epoch INTEGER,
            imported_target_epoch INTEGER);
        CREATE TABLE IF NOT EXISTS signed_blocks (
            validator_id INTEGER NOT NULL REFERENCES validators (id),
            slot INTEGER NOT NULL,
            signing_root BLOB,
            PRIMARY KEY (validator_id, slot)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS signed_attestations (
            validator_id INTEGER NOT NULL REFERENCES validators (id),
            source_epoch INTEGER NOT NULL,
            target_epoch INTEGER NOT NULL,
            signing_root BLOB,
            PRIMARY KEY (validator_id, target_epoch)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS signed_attestations_by_source ON signed_attestations (validator_id, source_epoch);
        """;

    private readonly string _connectionString;

    private SqliteSlashingProtectionStore(string path, string connectionString, GenesisValidatorsRoot genesisValidatorsRoot)
        : base(genesisValidatorsRoot, groupWriters: true)
    {
        DatabasePath = path;
        _connectionString = connectionString;
    }

    public string DatabasePath { get; }

    /// <summary>Opens (creating when absent) the database file for the given chain.</summary>
    /// <exception cref="ChainMismatchException">The file belongs to another chain.</exception>
    public static async Task<SqliteSlashingProtectionStore> OpenAsync(
        string path, GenesisValidatorsRoot genesisValidatorsRoot, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();
        var store = new SqliteSlashingProtectionStore(Path.GetFullPath(path), connectionString, genesisValidatorsRoot);

        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await Execute(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken);
        await using var transaction = await store.BeginExclusiveAsync(connection, cancellationToken);
        await Execute(connection, transaction, Schema, cancellationToken);
        await StoreChainBinding.BindAsync(connection, transaction, genesisValidatorsRoot, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return store;
    }

    private protected override string RowLockClause => "";

    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            // Per-connection settings; a pooled connection may be fresh, so set them on every open.
            await Execute(connection, null,
                $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private protected override Task<DbTransaction> BeginExclusiveAsync(DbConnection connection, CancellationToken ct)
        // deferred: false makes Microsoft.Data.Sqlite issue BEGIN IMMEDIATE: the write lock is taken
        // before the first read, so no other writer can slip in between our check and our insert.
        => Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    private protected override bool IsTransient(Exception exception)
        => exception is SqliteException { SqliteErrorCode: 5 or 6 }; // SQLITE_BUSY, SQLITE_LOCKED

    private static async Task Execute(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
