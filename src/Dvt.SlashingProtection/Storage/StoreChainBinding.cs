using System.Data;
using System.Data.Common;

namespace Dvt.SlashingProtection.Storage;

/// <summary>Records the chain a new database belongs to, and checks it on every later opening.</summary>
internal static class StoreChainBinding
{
    private const string Key = "genesis_validators_root";

    public static async Task BindAsync(DbConnection connection, DbTransaction transaction, GenesisValidatorsRoot requested, CancellationToken ct)
    {
        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT value FROM store_metadata WHERE name = @name";
        AddName(read);
        var stored = await read.ExecuteScalarAsync(ct);
        if (stored is byte[] bytes)
        {
            var storedRoot = new GenesisValidatorsRoot(bytes);
            if (!storedRoot.Equals(requested))
                throw new ChainMismatchException(storedRoot, requested);
            return;
        }

        await using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = "INSERT INTO store_metadata (name, value) VALUES (@name, @value)";
        AddName(write);
        var value = write.CreateParameter();
        value.ParameterName = "value";
        value.DbType = DbType.Binary;
        value.Value = requested.AsSpan().ToArray();
        write.Parameters.Add(value);
        await write.ExecuteNonQueryAsync(ct);
    }

    private static void AddName(DbCommand command)
    {
        var name = command.CreateParameter();
        name.ParameterName = "name";
        name.DbType = DbType.String;
        name.Value = Key;
        command.Parameters.Add(name);
    }
}
