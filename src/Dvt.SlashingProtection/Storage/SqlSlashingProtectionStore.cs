using Dvt.Consensus.Primitives;
using System.Data.Common;
using Dvt.SlashingProtection.Interchange;

namespace Dvt.SlashingProtection.Storage;

/// <summary>
/// The store over a SQL database: every public operation runs the rules inside an exclusive transaction and returns
/// only after that transaction committed; a transient conflict runs it again from scratch. An engine that admits one
/// writer at a time anyway (SQLite) opts in to group commit: writers that arrive while one runs share the next
/// transaction, each in its own savepoint, and its one commit (<see cref="WriterGroupCommit"/>). The engines differ
/// only in how they open a transaction, which errors are transient, and whether writers are grouped.
/// </summary>
public abstract class SqlSlashingProtectionStore : ISlashingProtectionStore
{
    private const int MaxAttempts = 8;

    /// <param name="groupWriters">True for an engine with a single write lock: its writers are committed in groups.
    /// False where writers of different keys run at once (row locks): each keeps its own transaction.</param>
    private protected SqlSlashingProtectionStore(GenesisValidatorsRoot genesisValidatorsRoot, bool groupWriters)
    {
        GenesisValidatorsRoot = genesisValidatorsRoot;
        if (groupWriters)
        {
            WriterGroup = new WriterGroupCommit(
                body => TransactionWithRetriesAsync<int>(async (history, transaction) =>
                {
                    await body(history, transaction);
                    return 0;
                }, snapshot: false, CancellationToken.None),
                IsTransient);
        }
    }

    public GenesisValidatorsRoot GenesisValidatorsRoot { get; }

    /// <summary>The group commit of this store's writers; null for an engine that does not group them.</summary>
    internal WriterGroupCommit? WriterGroup { get; }

    /// <summary>Appended to the SELECT that reads a key's row, to lock it for the transaction.</summary>
    private protected abstract string RowLockClause { get; }

    private protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken ct);

    /// <summary>Begins a transaction that no other writer can interleave with on the same key.</summary>
    private protected abstract Task<DbTransaction> BeginExclusiveAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Begins a transaction that reads one consistent snapshot of all keys (for export).</summary>
    private protected virtual Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken ct)
        => BeginExclusiveAsync(connection, ct);

    /// <summary>True for errors after which the whole transaction may simply be run again.</summary>
    private protected abstract bool IsTransient(Exception exception);

    public Task RegisterValidatorsAsync(IEnumerable<ValidatorPublicKeyBytes> publicKeys, CancellationToken cancellationToken = default)
    {
        var keys = publicKeys.Distinct().Order().ToList();
        return InTransactionAsync(async (history, ct) =>
        {
            foreach (var key in keys)
                await history.RegisterValidatorAsync(key, ct);
            return keys.Count;
        }, cancellationToken);
    }

    public Task<SigningDecision> CheckAndInsertBlockAsync(
        ValidatorPublicKeyBytes publicKey, Slot slot, SigningRoot signingRoot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return InTransactionAsync(
            (history, ct) => BlockProposalCheck.DecideAndRecordAsync(history, publicKey, slot, signingRoot, ct), cancellationToken);
    }

    public Task<SigningDecision> CheckAndInsertAttestationAsync(
        ValidatorPublicKeyBytes publicKey, Epoch source, Epoch target, SigningRoot signingRoot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return InTransactionAsync(
            (history, ct) => AttestationCheck.DecideAndRecordAsync(history, publicKey, source, target, signingRoot, ct), cancellationToken);
    }

    public Task<ImportSummary> ImportAsync(InterchangeDocument document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        return InTransactionAsync(
            (history, ct) => InterchangeImport.ApplyAsync(history, GenesisValidatorsRoot, document, ct), cancellationToken);
    }

    public Task RaiseLowWatermarksAsync(
        ValidatorPublicKeyBytes publicKey, Slot blockSlot, Epoch sourceEpoch, Epoch targetEpoch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return InTransactionAsync(async (history, ct) =>
        {
            var row = await history.RegisterAndLockValidatorAsync(publicKey, ct);
            await history.SetImportedWatermarksAsync(row.Id,
                Max(row.ImportedBlockSlot, blockSlot), Max(row.ImportedSourceEpoch, sourceEpoch), Max(row.ImportedTargetEpoch, targetEpoch), ct);
            return 0;
        }, cancellationToken);
    }

    public Task<int> MergeHistoryAsync(ValidatorPublicKeyBytes from, ValidatorPublicKeyBytes to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from == to)
            return Task.FromResult(0);
        return InTransactionAsync((history, ct) => HistoryMerge.MoveAsync(history, from, to, ct), cancellationToken);
    }

    private static Slot Max(Slot? a, Slot b) => a is { } x && x > b ? x : b;

    private static Epoch Max(Epoch? a, Epoch b) => a is { } x && x > b ? x : b;

    public Task<InterchangeDocument> ExportAsync(
        IReadOnlyCollection<ValidatorPublicKeyBytes>? publicKeys = null, CancellationToken cancellationToken = default)
        => InTransactionAsync(
            (history, ct) => InterchangeExport.ReadAsync(history, GenesisValidatorsRoot, publicKeys, ct), cancellationToken, snapshot: true);

    /// <summary>Waits for the writers already queued to get their answers (their group commits or fails), then releases the store.</summary>
    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (WriterGroup is { } group)
            await group.DrainAsync().ConfigureAwait(false);
    }

    private Task<T> InTransactionAsync<T>(
        Func<SqlValidatorHistory, CancellationToken, Task<T>> work, CancellationToken ct, bool snapshot = false)
    {
        if (!snapshot && WriterGroup is { } group)
            return group.RunAsync(work, ct);
        return TransactionWithRetriesAsync((history, _) => work(history, ct), snapshot, ct);
    }

    private async Task<T> TransactionWithRetriesAsync<T>(
        Func<SqlValidatorHistory, DbTransaction, Task<T>> body, bool snapshot, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await OpenConnectionAsync(ct);
                await using var transaction = snapshot
                    ? await BeginSnapshotAsync(connection, ct)
                    : await BeginExclusiveAsync(connection, ct);
                // Disposing an uncommitted transaction rolls it back: a failure anywhere leaves nothing behind.
                var result = await body(new SqlValidatorHistory(connection, transaction, RowLockClause), transaction);
                await transaction.CommitAsync(ct);
                return result;
            }
            catch (Exception e) when (attempt < MaxAttempts && IsTransient(e))
            {
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), ct);
            }
        }
    }
}
