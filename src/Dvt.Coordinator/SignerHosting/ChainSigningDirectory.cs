using Dvt.Consensus.Primitives;
using System.Collections.Concurrent;
using Dvt.Coordinator.Keys;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Directory;

namespace Dvt.Coordinator.SignerHosting;

/// <summary>
/// What the signer may sign for, as the coordinator derived it from chain state: the validators this operator holds a
/// share or the full key of (with their holders and public shares), the registered operators, and the keys themselves
/// (from <see cref="OperatorKeyStore"/>). The coordinator's stages update it; the signer only reads it.
/// </summary>
public sealed class ChainSigningDirectory(OperatorKeyStore keys) : IValidatorDirectory, IOperatorDirectory, ISigningKeys
{
    private readonly ConcurrentDictionary<ulong, Entry> byValidator = new();
    private readonly ConcurrentDictionary<string, ulong> byPublicKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ulong, OperatorPeer> operators = new();

    private sealed record Entry(ValidatorSigningSet Set, uint? ShareRound);

    /// <summary>Records a ready validator: <paramref name="shareRound"/> is the round whose share this operator signs with (null: full key).</summary>
    public void Put(ValidatorSigningSet set, uint? shareRound)
    {
        ArgumentNullException.ThrowIfNull(set);
        byValidator[set.ValidatorId] = new Entry(set, shareRound);
        byPublicKey[Convert.ToHexStringLower(set.PublicKey.Span)] = set.ValidatorId;
    }

    public void Remove(ulong validatorId)
    {
        if (byValidator.TryRemove(validatorId, out var entry))
            byPublicKey.TryRemove(Convert.ToHexStringLower(entry.Set.PublicKey.Span), out _);
    }

    public void PutOperator(OperatorPeer peer) => operators[peer.Id.Value] = peer;

    public ValidatorSigningSet? ByValidatorId(ulong validatorId) => byValidator.TryGetValue(validatorId, out var e) ? e.Set : null;

    public IReadOnlyList<ulong> ValidatorIds() => byValidator.Keys.Order().ToArray();

    // IValidatorDirectory
    public IReadOnlyList<BlsPublicKey> PublicKeys() => byValidator.Values.OrderBy(e => e.Set.ValidatorId).Select(e => e.Set.PublicKey).ToArray();

    public ValidatorSigningSet? Find(ReadOnlySpan<byte> publicKey) =>
        byPublicKey.TryGetValue(Convert.ToHexStringLower(publicKey), out var id) && byValidator.TryGetValue(id, out var e) ? e.Set : null;

    // IOperatorDirectory
    public OperatorPeer? Find(OperatorId id) => operators.TryGetValue(id.Value, out var peer) ? peer : null;

    // ISigningKeys
    public SecretShare? Share(ulong validatorId) =>
        byValidator.TryGetValue(validatorId, out var e) && e.ShareRound is { } round ? keys.LoadShare(validatorId, round) : null;

    public BlsSecretKey? FullKey(ulong validatorId) =>
        byValidator.TryGetValue(validatorId, out var e) && e.Set.Owner.Value == OwnOperatorId ? keys.LoadFullKey(validatorId) : null;

    /// <summary>This coordinator's operator id (0 until registered).</summary>
    public ulong OwnOperatorId { get; set; }
}
