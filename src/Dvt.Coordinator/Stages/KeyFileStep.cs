using Dvt.Coordinator.Chain;
using Dvt.Coordinator.Keys;
using Dvt.Coordinator.Rounds;
using Dvt.Crypto.Bls;
using Dvt.Crypto.KeyRounds;
using Microsoft.Extensions.Logging;

namespace Dvt.Coordinator.Stages;

/// <summary>
/// Brings a validator's key files in line with the chain: keeps the share of the last completed round this operator
/// holds (recomputed from the deals if the file is missing) and the share being acked, deletes the rest; finds or makes
/// the owner's full key, and rebuilds it from a DKG round's escrows.
/// </summary>
public sealed class KeyFileStep(OperatorKeyStore keys, RoundAssembler rounds, ILogger logger)
{
    /// <summary>Key files: the share of the last completed round held (recomputed if lost); the share being acked in an open round; nothing else.</summary>
    public async Task KeepCurrentSharesAsync(ValidatorPass pass, CancellationToken ct)
    {
        var (v, round, lastCompleted, me) = (pass.Validator, pass.Round!, pass.LastCompleted, pass.Me);
        var holding = pass.Holding;
        uint? keepOpen = round.Status is RoundStatus.Dealing or RoundStatus.Acking && round.Receivers.Contains(me) ? round.Round : null;
        if (holding && keys.LoadShare(v.ValidatorId, lastCompleted!.Round) is null)
            await RecoverShareAsync(pass.Chain, v, lastCompleted, me, ct).ConfigureAwait(false);
        DeleteShares(v.ValidatorId, keep: [.. new[] { holding ? lastCompleted!.Round : (uint?)null, keepOpen }.Where(r => r is not null).Select(r => r!.Value)],
            holding ? "not a current share" : "this operator holds no share of it any more");
    }

    public void DeleteShares(ulong validatorId, IReadOnlyCollection<uint>? keep, string why)
    {
        foreach (var round in keys.ShareRounds(validatorId))
        {
            if (keep is not null && keep.Contains(round))
                continue;
            if (keys.DeleteShare(validatorId, round))
                logger.LogInformation("validator {Validator}: deleted the share of round {Round} ({Why})", validatorId, round, why);
        }
    }

    /// <summary>The owner's full key to sign a solo or staged validator with (<see cref="FullKeyOf"/>); null, and logged, when it is nowhere here.</summary>
    public BlsSecretKey? SigningFullKeyOf(ValidatorView v)
    {
        var fullKey = FullKeyOf(v);
        if (fullKey is null)
            logger.LogError("validator {Validator}: its key is set on chain but neither full-key.json nor a staged import of it is in {Folder}; this operator cannot sign for it",
                v.ValidatorId, keys.Paths.KeysFolder);
        return fullKey;
    }

    /// <summary>
    /// The owner's full key of a validator: full-key.json; else, when the registry already has the key (an imported
    /// beacon validator), the staged import with that public key; else, for a new validator, the oldest staged import
    /// with its withdrawal credentials, or a fresh key. Null when the key is on chain but nowhere here.
    /// </summary>
    public BlsSecretKey? FullKeyOf(ValidatorView v)
    {
        if (keys.LoadFullKey(v.ValidatorId) is { } existing)
            return existing;
        if (v.PublicKey.Length != 0)
        {
            var imported = keys.StagedImports().FirstOrDefault(i => i.PublicKey.AsSpan().SequenceEqual(v.PublicKey));
            if (imported is null)
                return null;
            logger.LogInformation("validator {Validator}: takes the staged key {PublicKey} (matched by public key)", v.ValidatorId, imported.PublicKey);
            return keys.ClaimImport(imported, v.ValidatorId);
        }
        var credentials = "0x" + Convert.ToHexStringLower(v.WithdrawalCredentials.Bytes);
        var staged = keys.StagedImports().FirstOrDefault(i => i.WithdrawalCredentialsHex == credentials);
        if (staged is not null)
        {
            logger.LogInformation("validator {Validator}: takes the staged key {PublicKey}", v.ValidatorId, staged.PublicKey);
            return keys.ClaimImport(staged, v.ValidatorId);
        }
        using (var fresh = BlsSecretKey.Generate())
            keys.SaveFullKey(v.ValidatorId, fresh);
        logger.LogInformation("validator {Validator}: generated its full key", v.ValidatorId);
        return keys.LoadFullKey(v.ValidatorId)!;
    }

    /// <summary>The recovery path: a share the chain says this operator holds is recomputed from the round's deals.</summary>
    private async Task RecoverShareAsync(RegistrySnapshot chain, ValidatorView v, RoundView round, ulong me, CancellationToken ct)
    {
        var deals = rounds.DealsIfComplete(round);
        if (deals is null)
        {
            logger.LogWarning("validator {Validator}: share of round {Round} missing and its deals are not known yet", v.ValidatorId, round.Round);
            return;
        }
        var keyRound = await rounds.BuildAsync(chain, v, round, ct).ConfigureAwait(false);
        var shares = new Dictionary<ulong, Scalar>();
        foreach (var dealer in keyRound.SelectDealers(round.DealersWhoDealt))
        {
            using var check = ShareReceiver.Check(keyRound, dealer, deals[dealer].Commitments, deals[dealer].EncryptedShares, me, keys.ShareEncryptionKey);
            if (!check.Accepted)
            {
                logger.LogError("validator {Validator} round {Round}: cannot recompute the lost share: deal of {Dealer} is bad ({Problem})",
                    v.ValidatorId, round.Round, dealer, check.Problem);
                return;
            }
            shares[dealer] = check.Share;
        }
        var outcome = await rounds.OutcomeAsync(chain, v, round, ct).ConfigureAwait(false);
        using var share = outcome!.CombineShare(me, shares);
        keys.SaveShare(v.ValidatorId, round.Round, share);
        logger.LogWarning("validator {Validator}: share of round {Round} was missing; recomputed it from the deals on chain", v.ValidatorId, round.Round);
    }

    /// <summary>The owner rebuilds the validator key from the escrows of a DKG round (nothing for other rounds).</summary>
    public async Task RecoverDkgFullKeyAsync(RegistrySnapshot chain, ValidatorView v, RoundView round, CancellationToken ct)
    {
        if (round.Kind != RoundKind.Dkg)
            return;
        var existing = keys.LoadFullKey(v.ValidatorId);
        // A key the registry already has is never replaced; a key from an earlier, failed DKG round is.
        if (existing is not null && v.PublicKey.Length != 0 && existing.PublicKey.Bytes.AsSpan().SequenceEqual(v.PublicKey))
            return;
        var deals = rounds.DealsIfComplete(round);
        if (deals is null)
            return;
        var expected = await rounds.OutcomeAsync(chain, v, round, ct).ConfigureAwait(false);
        if (existing is not null && expected is not null && existing.PublicKey.Equals(expected.GroupPublicKey))
            return;
        var keyRound = await rounds.BuildAsync(chain, v, round, ct).ConfigureAwait(false);
        var payloads = keyRound.SelectDealers(round.DealersWhoDealt)
            .ToDictionary(d => d, d => DealPayload.Parse(keyRound, deals[d].Commitments, deals[d].EncryptedShares));
        using var key = DkgEscrow.RecoverValidatorKey(keyRound, payloads, keys.ShareEncryptionKey);
        var outcome = await rounds.OutcomeAsync(chain, v, round, ct).ConfigureAwait(false);
        if (outcome is not null && !outcome.GroupPublicKey.Equals(key.PublicKey))
        {
            logger.LogError("validator {Validator} round {Round}: the key rebuilt from the escrows is not the group key", v.ValidatorId, round.Round);
            return;
        }
        keys.SaveFullKey(v.ValidatorId, key);
        logger.LogInformation("validator {Validator}: rebuilt the full key from the DKG escrows", v.ValidatorId);
    }
}
