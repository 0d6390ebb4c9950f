using Dvt.Consensus.Primitives;
using Dvt.SlashingProtection.Interchange;

namespace Dvt.SlashingProtection;

/// <summary>
/// The signing history of a set of keys on one chain. Every signer of the coordinator (threshold
/// partial, recovery-key full signature) asks it before it signs. Each check-and-record runs inside an
/// exclusive database transaction (on SQLite, shared with the requests that arrived meanwhile, each in its own
/// savepoint) and answers only after that transaction committed, so two concurrent requests can never both be judged
/// safe against a history that lacks the other, and nothing is allowed before its record is on disk.
/// </summary>
public interface ISlashingProtectionStore : IAsyncDisposable
{
    /// <summary>The chain this store belongs to; imports from another chain are refused.</summary>
    GenesisValidatorsRoot GenesisValidatorsRoot { get; }

    /// <summary>Adds keys this store will protect (idempotent). Requests for keys never registered fail closed.</summary>
    Task RegisterValidatorsAsync(IEnumerable<ValidatorPublicKeyBytes> publicKeys, CancellationToken cancellationToken = default);

    /// <summary>Decides whether <paramref name="publicKey"/> may sign a block at <paramref name="slot"/>, and records it when safe.</summary>
    Task<SigningDecision> CheckAndInsertBlockAsync(
        ValidatorPublicKeyBytes publicKey, Slot slot, SigningRoot signingRoot, CancellationToken cancellationToken = default);

    /// <summary>Decides whether <paramref name="publicKey"/> may sign an attestation from <paramref name="source"/> to <paramref name="target"/>, and records it when safe.</summary>
    Task<SigningDecision> CheckAndInsertAttestationAsync(
        ValidatorPublicKeyBytes publicKey, Epoch source, Epoch target, SigningRoot signingRoot, CancellationToken cancellationToken = default);

    /// <summary>
    /// Merges an EIP-3076 interchange in one transaction: either all of it is applied or, on any
    /// error, none of it. Raises the keys' low watermarks to the highest slot and epochs known.
    /// </summary>
    /// <exception cref="InterchangeImportException">The interchange belongs to another chain.</exception>
    Task<ImportSummary> ImportAsync(InterchangeDocument document, CancellationToken cancellationToken = default);

    /// <summary>
    /// Raises the key's low watermarks (registering it when new) so that nothing at or below <paramref name="blockSlot"/>,
    /// no attestation with a source below <paramref name="sourceEpoch"/> and none with a target at or below
    /// <paramref name="targetEpoch"/> is ever signed. A watermark only rises: a lower value leaves it as it is.
    /// Used when a key's history is known to exist elsewhere up to a point (a share received at a chain time, an
    /// imported validator's published watermarks).
    /// </summary>
    Task RaiseLowWatermarksAsync(ValidatorPublicKeyBytes publicKey, Slot blockSlot, Epoch sourceEpoch, Epoch targetEpoch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves every record of <paramref name="from"/> to <paramref name="to"/> in one transaction (records that clash
    /// keep an unknown root, as an import does), raises <paramref name="to"/>'s low watermarks over the moved history,
    /// and removes <paramref name="from"/>. Returns the number of records moved; 0 when <paramref name="from"/> is not
    /// in the store. Used to migrate history recorded under a key share's public key to the validator's key.
    /// </summary>
    Task<int> MergeHistoryAsync(ValidatorPublicKeyBytes from, ValidatorPublicKeyBytes to, CancellationToken cancellationToken = default);

    /// <summary>Writes the full recorded history (all keys, or the given ones) as an EIP-3076 interchange.</summary>
    Task<InterchangeDocument> ExportAsync(IReadOnlyCollection<ValidatorPublicKeyBytes>? publicKeys = null, CancellationToken cancellationToken = default);
}
