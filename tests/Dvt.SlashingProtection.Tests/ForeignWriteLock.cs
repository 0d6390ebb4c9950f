using Microsoft.Data.Sqlite;

namespace Dvt.SlashingProtection.Tests;

/// <summary>
/// The SQLite file's write lock held by a connection outside the store, as another process's writer would hold it:
/// while it is held, the store's next transaction waits in BEGIN IMMEDIATE (SQLite's busy handler), so the writers
/// that arrive meanwhile queue for the group after it. Released by committing, or by disposing.
/// </summary>
public sealed class ForeignWriteLock : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private SqliteTransaction? _transaction;

    private ForeignWriteLock(SqliteConnection connection, SqliteTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<ForeignWriteLock> TakeAsync(string database)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        await connection.OpenAsync();
        // deferred: false is BEGIN IMMEDIATE: the write lock is taken now, not at the first write.
        return new ForeignWriteLock(connection, connection.BeginTransaction(deferred: false));
    }

    public async Task ReleaseAsync()
    {
        if (_transaction is { } transaction)
        {
            _transaction = null;
            await transaction.CommitAsync();
            await transaction.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync();
        await _connection.DisposeAsync();
    }
}
