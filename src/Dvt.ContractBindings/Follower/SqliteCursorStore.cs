using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Dvt.ContractBindings.Follower;

/// <summary>
/// Follower state in SQLite, several followers per database told apart by name. Batches are IMMEDIATE
/// transactions on the store's connection, exposed to handlers so their writes commit with the cursor.
/// </summary>
public sealed class SqliteCursorStore : ICursorStore, IAsyncDisposable
{
    private readonly SqliteConnection connection;
    private readonly string name;
    private readonly int recentKept;
    private readonly SemaphoreSlim gate = new(1, 1);

    private SqliteCursorStore(SqliteConnection connection, string name, int recentKept)
    {
        this.connection = connection;
        this.name = name;
        this.recentKept = recentKept;
    }

    /// <summary>The store's connection, for handlers that create their own tables next to the cursor.</summary>
    public SqliteConnection Connection => connection;

    public static async Task<SqliteCursorStore> OpenAsync(string databasePath, string followerName, int recentBlocksKept = 256, CancellationToken ct = default)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using (var setup = connection.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                CREATE TABLE IF NOT EXISTS follower_cursor (
                    name TEXT PRIMARY KEY, block_number INTEGER NOT NULL, block_hash BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS follower_blocks (
                    name TEXT NOT NULL, block_number INTEGER NOT NULL, block_hash BLOB NOT NULL,
                    PRIMARY KEY (name, block_number));
                """;
            await setup.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        return new SqliteCursorStore(connection, followerName, recentBlocksKept);
    }

    public async Task<FollowerCursor?> LoadCursorAsync(CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT block_number, block_hash FROM follower_cursor WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false)
            ? new FollowerCursor(new BlockNumber((ulong)reader.GetInt64(0)), new Hash32((byte[])reader[1]))
            : null;
    }

    public async Task<IReadOnlyList<FollowerCursor>> RecentBlocksAsync(CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT block_number, block_hash FROM follower_blocks WHERE name = $name ORDER BY block_number DESC";
        command.Parameters.AddWithValue("$name", name);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var result = new List<FollowerCursor>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            result.Add(new FollowerCursor(new BlockNumber((ulong)reader.GetInt64(0)), new Hash32((byte[])reader[1])));
        return result;
    }

    public async Task<ICursorBatch> BeginAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, ct).ConfigureAwait(false);
            return new Batch(this, transaction);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync().ConfigureAwait(false);
        gate.Dispose();
    }

    private sealed class Batch(SqliteCursorStore store, SqliteTransaction transaction) : ICursorBatch
    {
        private bool done;

        public DbTransaction? Transaction => transaction;

        public Task RecordBlockAsync(FollowerCursor block, CancellationToken ct) => Execute(
            """
            INSERT OR REPLACE INTO follower_blocks (name, block_number, block_hash) VALUES ($name, $number, $hash);
            DELETE FROM follower_blocks WHERE name = $name AND block_number NOT IN
                (SELECT block_number FROM follower_blocks WHERE name = $name ORDER BY block_number DESC LIMIT $kept);
            """, block, ct);

        public Task AdvanceAsync(FollowerCursor cursor, CancellationToken ct) => Execute(
            "INSERT OR REPLACE INTO follower_cursor (name, block_number, block_hash) VALUES ($name, $number, $hash)", cursor, ct);

        public Task RollBackAsync(FollowerCursor? ancestor, CancellationToken ct) => ancestor is { } a
            ? Execute(
                """
                DELETE FROM follower_blocks WHERE name = $name AND block_number > $number;
                INSERT OR REPLACE INTO follower_cursor (name, block_number, block_hash) VALUES ($name, $number, $hash);
                """, a, ct)
            : Execute(
                """
                DELETE FROM follower_blocks WHERE name = $name;
                DELETE FROM follower_cursor WHERE name = $name;
                """, new FollowerCursor(new BlockNumber(0), Hash32.Zero), ct);

        public async Task CommitAsync(CancellationToken ct)
        {
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            done = true;
        }

        private async Task Execute(string sql, FollowerCursor block, CancellationToken ct)
        {
            await using var command = store.connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Parameters.AddWithValue("$name", store.name);
            command.Parameters.AddWithValue("$number", (long)block.Number.Value);
            command.Parameters.AddWithValue("$hash", block.Hash.ToArray());
            command.Parameters.AddWithValue("$kept", store.recentKept);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (!done)
                    await transaction.RollbackAsync().ConfigureAwait(false);
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                store.gate.Release();
            }
        }
    }
}
