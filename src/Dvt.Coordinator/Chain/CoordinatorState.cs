using System.Globalization;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Follower;
using Dvt.Crypto.KeyRounds;
using Microsoft.Data.Sqlite;

namespace Dvt.Coordinator.Chain;

/// <summary>
/// The daemon's own state in state.sqlite, next to the follower's cursor: the deals and complaints seen on chain
/// (their calldata is not in contract storage), each round's members as RoundStarted / DealingClosed announced them
/// (the registry forgets the members of rounds before the holders' last change), which validators need another look, deals this coordinator prepared
/// before sending them, and complaint rulings. As the follower's <see cref="ILogHandler"/> it writes events through
/// the follower's transaction, keyed by (validator, round, dealer/complainer) so re-delivery is harmless; a reorg
/// rollback deletes what came from the rolled-back blocks and marks those validators for another look.
/// </summary>
public sealed class CoordinatorState : ILogHandler
{
    private readonly string connectionString;

    private CoordinatorState(string databasePath)
    {
        connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, DefaultTimeout = 60, Pooling = true }.ToString();
    }

    public static CoordinatorState Open(string databasePath)
    {
        var state = new CoordinatorState(databasePath);
        using var connection = state.Connect();
        Execute(connection, null, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS deals (
                validator_id INTEGER NOT NULL, round INTEGER NOT NULL, dealer_id INTEGER NOT NULL,
                commitments BLOB NOT NULL, encrypted_shares BLOB NOT NULL,
                block_number INTEGER NOT NULL, block_hash BLOB NOT NULL, log_index INTEGER NOT NULL,
                PRIMARY KEY (validator_id, round, dealer_id));
            CREATE INDEX IF NOT EXISTS deals_block ON deals (block_number);
            CREATE TABLE IF NOT EXISTS complaints (
                validator_id INTEGER NOT NULL, round INTEGER NOT NULL, complainer_id INTEGER NOT NULL, dealer_id INTEGER NOT NULL,
                evidence BLOB NOT NULL, block_number INTEGER NOT NULL,
                PRIMARY KEY (validator_id, round, complainer_id));
            CREATE INDEX IF NOT EXISTS complaints_block ON complaints (block_number);
            CREATE TABLE IF NOT EXISTS started_rounds (
                validator_id INTEGER NOT NULL, round INTEGER NOT NULL, kind INTEGER NOT NULL, threshold INTEGER NOT NULL,
                leaving_operator_id INTEGER NOT NULL, dealers TEXT NOT NULL, receivers TEXT NOT NULL, block_number INTEGER NOT NULL,
                PRIMARY KEY (validator_id, round));
            CREATE INDEX IF NOT EXISTS started_rounds_block ON started_rounds (block_number);
            CREATE TABLE IF NOT EXISTS closed_dealings (
                validator_id INTEGER NOT NULL, round INTEGER NOT NULL, dealers TEXT NOT NULL, block_number INTEGER NOT NULL,
                PRIMARY KEY (validator_id, round));
            CREATE INDEX IF NOT EXISTS closed_dealings_block ON closed_dealings (block_number);
            CREATE TABLE IF NOT EXISTS touched (validator_id INTEGER PRIMARY KEY);
            CREATE TABLE IF NOT EXISTS known_validators (validator_id INTEGER PRIMARY KEY);
            CREATE TABLE IF NOT EXISTS prepared_deals (
                validator_id INTEGER NOT NULL, round INTEGER NOT NULL,
                commitments BLOB NOT NULL, encrypted_shares BLOB NOT NULL,
                PRIMARY KEY (validator_id, round));
            CREATE TABLE IF NOT EXISTS rulings (
                validator_id INTEGER NOT NULL, round INTEGER NOT NULL, complainer_id INTEGER NOT NULL, dealer_id INTEGER NOT NULL,
                fault TEXT NOT NULL, reason TEXT NOT NULL,
                PRIMARY KEY (validator_id, round, complainer_id));
            CREATE TABLE IF NOT EXISTS flags (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS custody_changes (
                validator_id INTEGER NOT NULL, round INTEGER NOT NULL, block_number INTEGER NOT NULL,
                PRIMARY KEY (validator_id, round));
            CREATE INDEX IF NOT EXISTS custody_changes_block ON custody_changes (block_number);
            CREATE TABLE IF NOT EXISTS handed_over (
                validator_id INTEGER NOT NULL, round INTEGER NOT NULL, block_number INTEGER NOT NULL,
                PRIMARY KEY (validator_id, round, block_number));
            """);
        return state;
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    // ------------------------------------------------------------------ follower side

    public async Task HandleAsync(IReadOnlyList<FollowedLog> logs, ICursorBatch batch, CancellationToken ct)
    {
        var transaction = (SqliteTransaction)(batch.Transaction ?? throw new InvalidOperationException("CoordinatorState needs a database cursor store (SqliteCursorStore)"));
        var connection = transaction.Connection!;
        foreach (var followed in logs)
        {
            switch (followed.Event)
            {
                case DvtRegistryContract.DealSubmittedEvent deal:
                    Execute(connection, transaction, """
                        INSERT OR REPLACE INTO deals VALUES ($v, $r, $d, $c, $e, $bn, $bh, $li)
                        """, ("$v", (long)deal.ValidatorId), ("$r", (long)deal.Round), ("$d", (long)deal.DealerId),
                        ("$c", deal.Commitments), ("$e", deal.EncryptedShares), ("$bn", (long)followed.BlockNumber.Value),
                        ("$bh", followed.BlockHash.ToArray()), ("$li", (long)followed.LogIndex));
                    break;
                case DvtRegistryContract.ComplainedEvent complaint:
                    Execute(connection, transaction, """
                        INSERT OR REPLACE INTO complaints VALUES ($v, $r, $c, $d, $e, $bn)
                        """, ("$v", (long)complaint.ValidatorId), ("$r", (long)complaint.Round), ("$c", (long)complaint.ComplainerId),
                        ("$d", (long)complaint.DealerId), ("$e", complaint.Evidence), ("$bn", (long)followed.BlockNumber.Value));
                    break;
                case DvtRegistryContract.RoundStartedEvent started:
                    Execute(connection, transaction, """
                        INSERT OR REPLACE INTO started_rounds VALUES ($v, $r, $k, $t, $l, $d, $rc, $bn)
                        """, ("$v", (long)started.ValidatorId), ("$r", (long)started.Round), ("$k", (long)started.Kind),
                        ("$t", (long)started.Threshold), ("$l", (long)started.LeavingOperatorId), ("$d", IdList(started.Dealers)),
                        ("$rc", IdList(started.Receivers)), ("$bn", (long)followed.BlockNumber.Value));
                    break;
                case DvtRegistryContract.RoundCompletedEvent completed:
                    Execute(connection, transaction, "INSERT OR REPLACE INTO custody_changes VALUES ($v, $r, $bn)",
                        ("$v", (long)completed.ValidatorId), ("$r", (long)completed.Round), ("$bn", (long)followed.BlockNumber.Value));
                    break;
                case DvtRegistryContract.ValidatorConvertedToSoloEvent toSolo:
                    Execute(connection, transaction, "INSERT OR REPLACE INTO custody_changes VALUES ($v, 0, $bn)",
                        ("$v", (long)toSolo.ValidatorId), ("$bn", (long)followed.BlockNumber.Value));
                    break;
                case DvtRegistryContract.ValidatorRevertedToSoloEvent reverted:
                    Execute(connection, transaction, "INSERT OR REPLACE INTO custody_changes VALUES ($v, 0, $bn)",
                        ("$v", (long)reverted.ValidatorId), ("$bn", (long)followed.BlockNumber.Value));
                    break;
                case DvtRegistryContract.DealingClosedEvent closed:
                    Execute(connection, transaction, """
                        INSERT OR REPLACE INTO closed_dealings VALUES ($v, $r, $d, $bn)
                        """, ("$v", (long)closed.ValidatorId), ("$r", (long)closed.Round), ("$d", IdList(closed.Dealers)),
                        ("$bn", (long)followed.BlockNumber.Value));
                    break;
            }
            if (ValidatorOf(followed.Event) is { } validatorId)
                Touch(connection, transaction, validatorId);
            else if (followed.Event is DvtRegistryContract.OperatorRegisteredEvent or DvtRegistryContract.OperatorExitRequestedEvent
                     or DvtRegistryContract.OperatorExitedEvent or DvtRegistryContract.OperatorEndpointUpdatedEvent
                     or DvtRegistryContract.ShareEncryptionKeyRotatedEvent)
                // Maintenance in place (a new endpoint, a rotated key) reaches peers and this operator's own keys too.
                Execute(connection, transaction, "INSERT OR REPLACE INTO flags VALUES ('operators_changed', 1)");
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    public async Task RollBackAsync(BlockNumber? ancestor, ICursorBatch batch, CancellationToken ct)
    {
        var transaction = (SqliteTransaction)batch.Transaction!;
        var connection = transaction.Connection!;
        var above = ancestor is { } a ? (long)a.Value : -1;
        // Whatever happened in the removed blocks: look again at every validator they touched, and at all known ones
        // (a removed event may have been the only sign of a change).
        Execute(connection, transaction, "INSERT OR IGNORE INTO touched SELECT validator_id FROM deals WHERE block_number > $b", ("$b", above));
        Execute(connection, transaction, "INSERT OR IGNORE INTO touched SELECT validator_id FROM known_validators");
        Execute(connection, transaction, "DELETE FROM deals WHERE block_number > $b", ("$b", above));
        Execute(connection, transaction, "DELETE FROM complaints WHERE block_number > $b", ("$b", above));
        Execute(connection, transaction, "DELETE FROM started_rounds WHERE block_number > $b", ("$b", above));
        Execute(connection, transaction, "DELETE FROM closed_dealings WHERE block_number > $b", ("$b", above));
        Execute(connection, transaction, "DELETE FROM custody_changes WHERE block_number > $b", ("$b", above));
        Execute(connection, transaction, "INSERT OR REPLACE INTO flags VALUES ('operators_changed', 1)");
        Execute(connection, transaction, "INSERT OR REPLACE INTO flags VALUES ('rolled_back', 1)");
        await Task.CompletedTask.ConfigureAwait(false);
    }

    private static ulong? ValidatorOf(IContractEvent? e) => e switch
    {
        DvtRegistryContract.ValidatorRequestedEvent x => x.ValidatorId,
        DvtRegistryContract.ValidatorImportedEvent x => x.ValidatorId,
        DvtRegistryContract.HoldersChangedEvent x => x.ValidatorId,
        DvtRegistryContract.ValidatorPromotedEvent x => x.ValidatorId,
        DvtRegistryContract.ValidatorConvertedToDvtEvent x => x.ValidatorId,
        DvtRegistryContract.ValidatorConvertedToSoloEvent x => x.ValidatorId,
        DvtRegistryContract.ValidatorRevertedToSoloEvent x => x.ValidatorId,
        DvtRegistryContract.PublicKeySetEvent x => x.ValidatorId,
        DvtRegistryContract.ValidatorDepositedEvent x => x.ValidatorId,
        DvtRegistryContract.ValidatorExitRequestedEvent x => x.ValidatorId,
        DvtRegistryContract.ValidatorExitedEvent x => x.ValidatorId,
        DvtRegistryContract.ValidatorRefundedEvent x => x.ValidatorId,
        DvtRegistryContract.RoundStartedEvent x => x.ValidatorId,
        DvtRegistryContract.DealSubmittedEvent x => x.ValidatorId,
        DvtRegistryContract.DealingClosedEvent x => x.ValidatorId,
        DvtRegistryContract.AckedEvent x => x.ValidatorId,
        DvtRegistryContract.ComplainedEvent x => x.ValidatorId,
        DvtRegistryContract.RoundFailedEvent x => x.ValidatorId,
        DvtRegistryContract.RoundCompletedEvent x => x.ValidatorId,
        DvtRegistryContract.RoundAbortedEvent x => x.ValidatorId,
        DvtRegistryContract.ComplaintJudgedEvent x => x.ValidatorId,
        DvtRegistryContract.MemberAtFaultEvent x => x.ValidatorId,
        DvtRegistryContract.DrawPendingEvent x => x.ValidatorId,
        DvtRegistryContract.FeeRecipientSetEvent x => x.ValidatorId,
        _ => null,
    };

    private static void Touch(SqliteConnection connection, SqliteTransaction? transaction, ulong validatorId)
    {
        Execute(connection, transaction, "INSERT OR IGNORE INTO touched VALUES ($v)", ("$v", (long)validatorId));
        Execute(connection, transaction, "INSERT OR IGNORE INTO known_validators VALUES ($v)", ("$v", (long)validatorId));
    }

    // ------------------------------------------------------------------ coordinator side

    /// <summary>Validators whose events arrived since they were last handled (the caller marks them done one by one).</summary>
    public IReadOnlyList<ulong> TouchedValidators()
    {
        using var connection = Connect();
        return Query(connection, "SELECT validator_id FROM touched ORDER BY validator_id", r => (ulong)r.GetInt64(0));
    }

    public void MarkHandled(ulong validatorId) => MarkHandled([validatorId]);

    /// <summary>Marks the validators a pass is about to handle, in one transaction (a commit per validator cost more than the pass's reads).</summary>
    public void MarkHandled(IReadOnlyCollection<ulong> validatorIds)
    {
        if (validatorIds.Count == 0)
            return;
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM touched WHERE validator_id = $v";
        var parameter = command.Parameters.Add("$v", SqliteType.Integer);
        foreach (var id in validatorIds)
        {
            parameter.Value = (long)id;
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public void MarkTouched(ulong validatorId)
    {
        using var connection = Connect();
        Touch(connection, null, validatorId);
    }

    /// <summary>Every validator an event was seen of.</summary>
    public IReadOnlyList<ulong> KnownValidators()
    {
        using var connection = Connect();
        return Query(connection, "SELECT validator_id FROM known_validators ORDER BY validator_id", r => (ulong)r.GetInt64(0));
    }

    /// <summary>True once when operators registered, left, or changed their endpoint or share-encryption key since the last call.</summary>
    public bool TakeOperatorsChanged()
    {
        using var connection = Connect();
        var changed = Query(connection, "SELECT value FROM flags WHERE name = 'operators_changed'", r => r.GetInt64(0)).FirstOrDefault() == 1;
        if (changed)
            Execute(connection, null, "DELETE FROM flags WHERE name = 'operators_changed'");
        return changed;
    }

    public IReadOnlyList<StoredDeal> Deals(ulong validatorId, uint round)
    {
        using var connection = Connect();
        return Query(connection, "SELECT dealer_id, commitments, encrypted_shares FROM deals WHERE validator_id = $v AND round = $r ORDER BY dealer_id",
            r => new StoredDeal(validatorId, round, (ulong)r.GetInt64(0), (byte[])r[1], (byte[])r[2]),
            ("$v", (long)validatorId), ("$r", (long)round));
    }

    /// <summary>A round's members as its RoundStarted (and DealingClosed, if seen) announced them; null if not seen.</summary>
    public StartedRound? StartedRound(ulong validatorId, uint round)
    {
        using var connection = Connect();
        var closed = Query(connection, "SELECT dealers FROM closed_dealings WHERE validator_id = $v AND round = $r",
            r => ParseIdList(r.GetString(0)), ("$v", (long)validatorId), ("$r", (long)round)).FirstOrDefault();
        return Query(connection, """
            SELECT kind, threshold, leaving_operator_id, dealers, receivers FROM started_rounds WHERE validator_id = $v AND round = $r
            """, r => new StartedRound(validatorId, round, (RoundKind)r.GetInt64(0), (int)r.GetInt64(1), (ulong)r.GetInt64(2),
                ParseIdList(r.GetString(3)), ParseIdList(r.GetString(4)), closed),
            ("$v", (long)validatorId), ("$r", (long)round)).FirstOrDefault();
    }

    public IReadOnlyList<StoredComplaint> Complaints(ulong validatorId, uint round)
    {
        using var connection = Connect();
        return Query(connection, "SELECT complainer_id, dealer_id, evidence FROM complaints WHERE validator_id = $v AND round = $r ORDER BY complainer_id",
            r => new StoredComplaint(validatorId, round, (ulong)r.GetInt64(0), (ulong)r.GetInt64(1), (byte[])r[2]),
            ("$v", (long)validatorId), ("$r", (long)round));
    }

    /// <summary>Rounds of a validator with a complaint this coordinator has not ruled on yet.</summary>
    public IReadOnlyList<uint> UnjudgedComplaintRounds(ulong validatorId)
    {
        using var connection = Connect();
        return Query(connection, """
            SELECT DISTINCT c.round FROM complaints c
            LEFT JOIN rulings r ON r.validator_id = c.validator_id AND r.round = c.round AND r.complainer_id = c.complainer_id
            WHERE c.validator_id = $v AND r.validator_id IS NULL ORDER BY c.round
            """, r => (uint)r.GetInt64(0), ("$v", (long)validatorId));
    }

    /// <summary>True once after the follower rolled back a reorg (the sender's nonce must be read again).</summary>
    public bool TakeRolledBack()
    {
        using var connection = Connect();
        var rolled = Query(connection, "SELECT value FROM flags WHERE name = 'rolled_back'", r => r.GetInt64(0)).FirstOrDefault() == 1;
        if (rolled)
            Execute(connection, null, "DELETE FROM flags WHERE name = 'rolled_back'");
        return rolled;
    }

    /// <summary>
    /// The block in which the validator's key material last changed hands: <paramref name="round"/> &gt; 0, the block of
    /// that round's RoundCompleted; 0, the block of its last return to solo (ValidatorConvertedToSolo or
    /// ValidatorRevertedToSolo). Null when the follower did not record it (state from before it recorded them).
    /// </summary>
    public BlockNumber? CustodyChange(ulong validatorId, uint round)
    {
        using var connection = Connect();
        return Query(connection, "SELECT block_number FROM custody_changes WHERE validator_id = $v AND round = $r",
            r => (BlockNumber?)new BlockNumber((ulong)r.GetInt64(0)), ("$v", (long)validatorId), ("$r", (long)round)).FirstOrDefault();
    }

    /// <summary>Whether the validator's history was already handed over to this holder for that custody change.</summary>
    public bool HandedOver(ulong validatorId, uint round, BlockNumber? at)
    {
        using var connection = Connect();
        return Query(connection, "SELECT 1 FROM handed_over WHERE validator_id = $v AND round = $r AND block_number = $b",
            r => r.GetInt64(0), ("$v", (long)validatorId), ("$r", (long)round), ("$b", (long)(at?.Value ?? 0))).Count > 0;
    }

    public void MarkHandedOver(ulong validatorId, uint round, BlockNumber? at)
    {
        using var connection = Connect();
        Execute(connection, null, "INSERT OR IGNORE INTO handed_over VALUES ($v, $r, $b)",
            ("$v", (long)validatorId), ("$r", (long)round), ("$b", (long)(at?.Value ?? 0)));
    }

    /// <summary>A deal this coordinator prepared for a round (sent again as is after a crash, never re-drawn).</summary>
    public StoredDeal? PreparedDeal(ulong validatorId, uint round)
    {
        using var connection = Connect();
        return Query(connection, "SELECT commitments, encrypted_shares FROM prepared_deals WHERE validator_id = $v AND round = $r",
            r => new StoredDeal(validatorId, round, 0, (byte[])r[0], (byte[])r[1]), ("$v", (long)validatorId), ("$r", (long)round)).FirstOrDefault();
    }

    public void SavePreparedDeal(ulong validatorId, uint round, byte[] commitments, byte[] encryptedShares)
    {
        using var connection = Connect();
        Execute(connection, null, "INSERT OR REPLACE INTO prepared_deals VALUES ($v, $r, $c, $e)",
            ("$v", (long)validatorId), ("$r", (long)round), ("$c", commitments), ("$e", encryptedShares));
    }

    public void SaveRuling(ComplaintRuling ruling)
    {
        using var connection = Connect();
        Execute(connection, null, "INSERT OR REPLACE INTO rulings VALUES ($v, $r, $c, $d, $f, $why)",
            ("$v", (long)ruling.ValidatorId), ("$r", (long)ruling.Round), ("$c", (long)ruling.ComplainerId), ("$d", (long)ruling.DealerId),
            ("$f", ruling.Fault), ("$why", ruling.Reason));
    }

    public IReadOnlyList<ComplaintRuling> Rulings()
    {
        using var connection = Connect();
        return Query(connection, "SELECT validator_id, round, complainer_id, dealer_id, fault, reason FROM rulings ORDER BY validator_id, round, complainer_id",
            r => new ComplaintRuling((ulong)r.GetInt64(0), (uint)r.GetInt64(1), (ulong)r.GetInt64(2), (ulong)r.GetInt64(3), r.GetString(4), r.GetString(5)));
    }

    // ------------------------------------------------------------------ SQL helpers

    // Operator ids in their on-chain order (a receiver's position is its share index), as decimal text.
    private static string IdList(IEnumerable<ulong> ids) => string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));

    private static ulong[] ParseIdList(string text) =>
        text.Length == 0 ? [] : text.Split(',').Select(i => ulong.Parse(i, CultureInfo.InvariantCulture)).ToArray();

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }

    private static List<T> Query<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var result = new List<T>();
        while (reader.Read())
            result.Add(read(reader));
        return result;
    }
}
