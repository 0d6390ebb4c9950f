using Dvt.ContractBindings.Follower;
using Microsoft.Data.Sqlite;

namespace Dvt.ContractBindings.Tests;

/// <summary>
/// Writes one row per log through the follower's transaction with a plain INSERT on (block_hash, log_index):
/// a duplicate effect would violate the key, so a clean run proves exactly-once delivery. Can be told to
/// crash (throw) after writing part of a batch, to simulate a process dying mid-delivery.
/// </summary>
internal sealed class SqliteEffectHandler(Func<bool>? crashNow = null) : ILogHandler
{
    public static async Task CreateTableAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS effects (
                block_hash BLOB NOT NULL, log_index INTEGER NOT NULL, block_number INTEGER NOT NULL, data BLOB NOT NULL,
                PRIMARY KEY (block_hash, log_index));
            """;
        await command.ExecuteNonQueryAsync();
    }

    public async Task HandleAsync(IReadOnlyList<FollowedLog> logs, ICursorBatch batch, CancellationToken ct)
    {
        var transaction = (SqliteTransaction)(batch.Transaction ?? throw new InvalidOperationException("needs a transactional store"));
        foreach (var log in logs)
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO effects (block_hash, log_index, block_number, data) VALUES ($h, $i, $n, $d)";
            command.Parameters.AddWithValue("$h", log.BlockHash.ToArray());
            command.Parameters.AddWithValue("$i", (long)log.LogIndex);
            command.Parameters.AddWithValue("$n", (long)log.BlockNumber.Value);
            command.Parameters.AddWithValue("$d", log.Log.Data);
            await command.ExecuteNonQueryAsync(ct);
            if (crashNow?.Invoke() == true)
                throw new SimulatedCrashException();
        }
    }

    public async Task RollBackAsync(BlockNumber? ancestor, ICursorBatch batch, CancellationToken ct)
    {
        var transaction = (SqliteTransaction)batch.Transaction!;
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM effects WHERE block_number > $n";
        command.Parameters.AddWithValue("$n", ancestor is { } a ? (long)a.Value : -1L);
        await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<List<(string Hash, long Index, long Block)>> ReadAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT block_hash, log_index, block_number FROM effects ORDER BY block_number, log_index";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, long, long)>();
        while (await reader.ReadAsync())
            rows.Add((Hex.Encode((byte[])reader[0]), reader.GetInt64(1), reader.GetInt64(2)));
        return rows;
    }
}

internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("simulated crash inside the handler")
    {
    }
}
