using Dvt.Consensus.Primitives;
using System.Data;
using System.Data.Common;

namespace Dvt.SlashingProtection.Storage;

/// <summary>
/// The reads and writes the slashing rules need, bound to one open exclusive transaction. The SQL
/// is common to SQLite and PostgreSQL; only the row-lock clause differs (SQLite's BEGIN IMMEDIATE
/// already holds the database's single write lock, PostgreSQL locks the key's row FOR UPDATE).
/// </summary>
internal sealed class SqlValidatorHistory(DbConnection connection, DbTransaction transaction, string rowLockClause)
{
    private const string ValidatorColumns = "id, pubkey, imported_block_slot, imported_source_epoch, imported_target_epoch";

    public async Task<ValidatorRow?> LockValidatorAsync(ValidatorPublicKeyBytes publicKey, CancellationToken ct)
    {
        await using var command = Command($"SELECT {ValidatorColumns} FROM validators WHERE pubkey = @pubkey{rowLockClause}");
        Add(command, "pubkey", publicKey.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadValidator(reader) : null;
    }

    public async Task<ValidatorRow> RegisterAndLockValidatorAsync(ValidatorPublicKeyBytes publicKey, CancellationToken ct)
    {
        await RegisterValidatorAsync(publicKey, ct);
        return await LockValidatorAsync(publicKey, ct)
            ?? throw new InvalidOperationException($"validator {publicKey} vanished right after its registration");
    }

    public async Task RegisterValidatorAsync(ValidatorPublicKeyBytes publicKey, CancellationToken ct)
    {
        await using var command = Command("INSERT INTO validators (pubkey) VALUES (@pubkey) ON CONFLICT (pubkey) DO NOTHING");
        Add(command, "pubkey", publicKey.ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<ValidatorRow>> ValidatorsAsync(CancellationToken ct)
    {
        await using var command = Command($"SELECT {ValidatorColumns} FROM validators ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<ValidatorRow>();
        while (await reader.ReadAsync(ct))
            rows.Add(ReadValidator(reader));
        return rows;
    }

    public async Task SetImportedWatermarksAsync(long validatorId, Slot? blockSlot, Epoch? source, Epoch? target, CancellationToken ct)
    {
        await using var command = Command(
            "UPDATE validators SET imported_block_slot = @slot, imported_source_epoch = @source, imported_target_epoch = @target WHERE id = @id");
        Add(command, "slot", blockSlot is { } s ? StoredNumber.ToColumn(s.Value) : null);
        Add(command, "source", source is { } so ? StoredNumber.ToColumn(so.Value) : null);
        Add(command, "target", target is { } t ? StoredNumber.ToColumn(t.Value) : null);
        Add(command, "id", validatorId);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Removes a key and every record of it (after its history was moved to another key).</summary>
    public async Task DeleteValidatorAsync(long validatorId, CancellationToken ct)
    {
        foreach (var sql in new[]
                 {
                     "DELETE FROM signed_blocks WHERE validator_id = @id",
                     "DELETE FROM signed_attestations WHERE validator_id = @id",
                     "DELETE FROM validators WHERE id = @id",
                 })
        {
            await using var command = Command(sql);
            Add(command, "id", validatorId);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    // ---- blocks ----

    public async Task<SignedBlockRecord?> BlockAtSlotAsync(long validatorId, Slot slot, CancellationToken ct)
    {
        await using var command = Command("SELECT slot, signing_root FROM signed_blocks WHERE validator_id = @id AND slot = @slot");
        Add(command, "id", validatorId);
        Add(command, "slot", StoredNumber.ToColumn(slot.Value));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadBlock(reader) : null;
    }

    public async Task<(Slot Min, Slot Max)?> BlockSlotRangeAsync(long validatorId, CancellationToken ct)
    {
        await using var command = Command("SELECT MIN(slot), MAX(slot) FROM signed_blocks WHERE validator_id = @id");
        Add(command, "id", validatorId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct) || reader.IsDBNull(0))
            return null;
        return (new Slot(StoredNumber.FromColumn(reader.GetInt64(0))), new Slot(StoredNumber.FromColumn(reader.GetInt64(1))));
    }

    public async Task InsertBlockAsync(long validatorId, Slot slot, SigningRoot? root, CancellationToken ct)
    {
        await using var command = Command("INSERT INTO signed_blocks (validator_id, slot, signing_root) VALUES (@id, @slot, @root)");
        Add(command, "id", validatorId);
        Add(command, "slot", StoredNumber.ToColumn(slot.Value));
        Add(command, "root", RootColumn(root));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ForgetBlockRootAsync(long validatorId, Slot slot, CancellationToken ct)
    {
        await using var command = Command("UPDATE signed_blocks SET signing_root = NULL WHERE validator_id = @id AND slot = @slot");
        Add(command, "id", validatorId);
        Add(command, "slot", StoredNumber.ToColumn(slot.Value));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<SignedBlockRecord>> BlocksAsync(long validatorId, CancellationToken ct)
    {
        await using var command = Command("SELECT slot, signing_root FROM signed_blocks WHERE validator_id = @id ORDER BY slot");
        Add(command, "id", validatorId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<SignedBlockRecord>();
        while (await reader.ReadAsync(ct))
            rows.Add(ReadBlock(reader));
        return rows;
    }

    // ---- attestations ----

    public Task<SignedAttestationRecord?> AttestationAtTargetAsync(long validatorId, Epoch target, CancellationToken ct)
        => FirstAttestationAsync(
            "target_epoch = @target", validatorId, null, target, ct);

    /// <summary>A recorded attestation that the new one (source, target) would surround.</summary>
    public Task<SignedAttestationRecord?> SurroundedByAsync(long validatorId, Epoch source, Epoch target, CancellationToken ct)
        => FirstAttestationAsync(
            "source_epoch > @source AND target_epoch < @target", validatorId, source, target, ct);

    /// <summary>A recorded attestation that surrounds the new one (source, target).</summary>
    public Task<SignedAttestationRecord?> SurroundingAsync(long validatorId, Epoch source, Epoch target, CancellationToken ct)
        => FirstAttestationAsync(
            "source_epoch < @source AND target_epoch > @target", validatorId, source, target, ct);

    public async Task<(Epoch MinSource, Epoch MinTarget, Epoch MaxSource, Epoch MaxTarget)?> AttestationEpochRangeAsync(long validatorId, CancellationToken ct)
    {
        await using var command = Command(
            "SELECT MIN(source_epoch), MIN(target_epoch), MAX(source_epoch), MAX(target_epoch) FROM signed_attestations WHERE validator_id = @id");
        Add(command, "id", validatorId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct) || reader.IsDBNull(0))
            return null;
        return (Epoch(reader, 0), Epoch(reader, 1), Epoch(reader, 2), Epoch(reader, 3));
    }

    public async Task InsertAttestationAsync(long validatorId, Epoch source, Epoch target, SigningRoot? root, CancellationToken ct)
    {
        await using var command = Command(
            "INSERT INTO signed_attestations (validator_id, source_epoch, target_epoch, signing_root) VALUES (@id, @source, @target, @root)");
        Add(command, "id", validatorId);
        Add(command, "source", StoredNumber.ToColumn(source.Value));
        Add(command, "target", StoredNumber.ToColumn(target.Value));
        Add(command, "root", RootColumn(root));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ForgetAttestationRootAsync(long validatorId, Epoch target, CancellationToken ct)
    {
        await using var command = Command("UPDATE signed_attestations SET signing_root = NULL WHERE validator_id = @id AND target_epoch = @target");
        Add(command, "id", validatorId);
        Add(command, "target", StoredNumber.ToColumn(target.Value));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<SignedAttestationRecord>> AttestationsAsync(long validatorId, CancellationToken ct)
    {
        await using var command = Command(
            "SELECT source_epoch, target_epoch, signing_root FROM signed_attestations WHERE validator_id = @id ORDER BY target_epoch");
        Add(command, "id", validatorId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<SignedAttestationRecord>();
        while (await reader.ReadAsync(ct))
            rows.Add(ReadAttestation(reader));
        return rows;
    }

    private async Task<SignedAttestationRecord?> FirstAttestationAsync(
        string condition, long validatorId, Epoch? source, Epoch target, CancellationToken ct)
    {
        await using var command = Command(
            $"SELECT source_epoch, target_epoch, signing_root FROM signed_attestations WHERE validator_id = @id AND {condition} ORDER BY target_epoch LIMIT 1");
        Add(command, "id", validatorId);
        if (source is { } s)
            Add(command, "source", StoredNumber.ToColumn(s.Value));
        Add(command, "target", StoredNumber.ToColumn(target.Value));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadAttestation(reader) : null;
    }

    // ---- plumbing ----

    private DbCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        switch (value)
        {
            case null:
                parameter.Value = DBNull.Value;
                parameter.DbType = name is "root" ? DbType.Binary : DbType.Int64;
                break;
            case byte[] bytes:
                parameter.Value = bytes;
                parameter.DbType = DbType.Binary;
                break;
            case long number:
                parameter.Value = number;
                parameter.DbType = DbType.Int64;
                break;
            default:
                throw new ArgumentException($"unsupported parameter type {value.GetType()} for @{name}");
        }
        command.Parameters.Add(parameter);
    }

    // A zero root means "unknown": it is stored as NULL so it can never match as a repeat.
    private static byte[]? RootColumn(SigningRoot? root) => root is { IsZero: false } known ? known.AsSpan().ToArray() : null;

    private static SigningRoot? ReadRoot(DbDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : new SigningRoot((byte[])reader.GetValue(ordinal));

    private static Epoch Epoch(DbDataReader reader, int ordinal) => new(StoredNumber.FromColumn(reader.GetInt64(ordinal)));

    private static SignedBlockRecord ReadBlock(DbDataReader reader)
        => new(new Slot(StoredNumber.FromColumn(reader.GetInt64(0))), ReadRoot(reader, 1));

    private static SignedAttestationRecord ReadAttestation(DbDataReader reader)
        => new(Epoch(reader, 0), Epoch(reader, 1), ReadRoot(reader, 2));

    private static ValidatorRow ReadValidator(DbDataReader reader) => new(
        reader.GetInt64(0),
        new ValidatorPublicKeyBytes((byte[])reader.GetValue(1)),
        reader.IsDBNull(2) ? null : new Slot(StoredNumber.FromColumn(reader.GetInt64(2))),
        reader.IsDBNull(3) ? null : Epoch(reader, 3),
        reader.IsDBNull(4) ? null : Epoch(reader, 4));
}
