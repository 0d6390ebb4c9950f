using Dvt.Consensus.Primitives;
using Dvt.ContractBindings;
using Dvt.Coordinator.Chain;
using Dvt.Coordinator.Rounds;
using Dvt.Crypto.Bls;
using Dvt.Crypto.KeyRounds;
using Dvt.SlashingProtection;
using Microsoft.Extensions.Logging;

namespace Dvt.Coordinator.History;

/// <summary>
/// Hands a validator's slashing history to this holder before it signs with key material it received, so that history
/// is the validator's, never the share's (docs/PROTOCOL.md, "Slashing history"):
/// <list type="bullet">
/// <item>history this database recorded under the public shares of the validator's rounds (how coordinators before this
/// one keyed partials) moves to the validator key, nothing dropped;</item>
/// <item>a holder that did not sign for the validator up to this receipt (anyone but a holder continuing through a
/// reshare) gets low watermarks from every <see cref="ILowWatermarkSource"/>: nothing at or before the chain time of
/// the receipt, nor at or below an imported validator's published history, is ever signed, so signatures it never saw
/// (made by the previous holders, the solo key, or the key before its import) cannot be contradicted;</item>
/// <item>the owner of an imported validator that is solo, and so was never distributed, applies the imported
/// watermarks to its full key.</item>
/// </list>
/// Done once per receipt (recorded in state.sqlite) and always before the validator enters the signing directory.
/// </summary>
public sealed class HistoryHandover(CoordinatorState state, RoundAssembler rounds, IReadOnlyList<ILowWatermarkSource> sources, ISlashingProtectionStore store, ILogger logger)
{

    /// <summary>Before this holder signs with its share of <paramref name="round"/>; false while it must not sign yet.</summary>
    public async Task<bool> ForShareAsync(RegistrySnapshot chain, ValidatorView validator, RoundView round, BlsPublicKey validatorKey, ulong me,
        BlockNumber at, CancellationToken ct)
    {
        if (state.HandedOver(validator.ValidatorId, round.Round, null))
            return true;
        var key = new ValidatorPublicKeyBytes(validatorKey.Span);
        await MoveShareHistoryAsync(store, chain, validator, round, key, me, ct).ConfigureAwait(false);

        var previous = await RoundAssembler.PreviousCompletedAsync(chain, validator.ValidatorId, round.Round, ct).ConfigureAwait(false);
        var continuing = round.Kind == RoundKind.Reshare && previous is not null && previous.Receivers.Contains(me);
        if (continuing)
            logger.LogInformation("validator {Validator}: holder since round {Previous}, its history continues into round {Round}",
                validator.ValidatorId, previous!.Round, round.Round);
        else
            await RaiseAsync(store, new KeyReceipt(validator.ValidatorId, round.Round, at), key, sources, ct).ConfigureAwait(false);
        state.MarkHandedOver(validator.ValidatorId, round.Round, null);
        return true;
    }

    /// <summary>Before the owner signs solo with the full key; a validator that was distributed before gets the watermark of its return to solo.</summary>
    public async Task<bool> ForFullKeyAsync(ValidatorView validator, BlsPublicKey validatorKey, BlockNumber at, CancellationToken ct)
    {
        var key = new ValidatorPublicKeyBytes(validatorKey.Span);
        if (validator.CurrentRound == 0)
        {
            // Never distributed: every signature the registry's key made went through this database, but an imported
            // key's history from before the import did not: the watermarks published with the import bound it.
            if (state.HandedOver(validator.ValidatorId, 0, null))
                return true;
            await RaiseAsync(store, new KeyReceipt(validator.ValidatorId, 0, at), key, sources.Where(s => s.BoundsTheOriginalKey), ct).ConfigureAwait(false);
            state.MarkHandedOver(validator.ValidatorId, 0, null);
            return true;
        }
        var change = state.CustodyChange(validator.ValidatorId, 0);
        if (state.HandedOver(validator.ValidatorId, 0, change))
            return true;
        await RaiseAsync(store, new KeyReceipt(validator.ValidatorId, 0, at), key, sources, ct).ConfigureAwait(false);
        state.MarkHandedOver(validator.ValidatorId, 0, change);
        return true;
    }

    private async Task RaiseAsync(ISlashingProtectionStore store, KeyReceipt receipt, ValidatorPublicKeyBytes key, IEnumerable<ILowWatermarkSource> applied,
        CancellationToken ct)
    {
        ChainWatermark? watermark = null;
        foreach (var source in applied)
            watermark = ChainWatermark.Max(watermark, await source.WatermarkAsync(receipt, ct).ConfigureAwait(false));
        if (watermark is null)
        {
            logger.LogInformation("validator {Validator}: no history before this key receipt to guard (before genesis, no imported history)", receipt.ValidatorId);
            return;
        }
        await store.RaiseLowWatermarksAsync(key, new Slot(watermark.Slot), new Epoch(watermark.SourceEpoch), new Epoch(watermark.TargetEpoch), ct).ConfigureAwait(false);
        logger.LogInformation("validator {Validator}: no block at or before slot {Slot}, no attestation with a source below epoch {Source} or a target at or before epoch {Target} will be signed by this holder ({Reason})",
            receipt.ValidatorId, watermark.Slot, watermark.SourceEpoch, watermark.TargetEpoch, watermark.Reason);
    }

    /// <summary>Moves history kept under this holder's public shares of every completed round up to <paramref name="upTo"/> to the validator key.</summary>
    private async Task MoveShareHistoryAsync(ISlashingProtectionStore store, RegistrySnapshot chain, ValidatorView validator, RoundView upTo,
        ValidatorPublicKeyBytes key, ulong me, CancellationToken ct)
    {
        for (var r = upTo.Round; r >= 1; r--)
        {
            try
            {
                var round = r == upTo.Round ? upTo : await chain.RoundAsync(validator.ValidatorId, r, ct).ConfigureAwait(false);
                var position = round.Receivers.ToList().IndexOf(me);
                if (round.Status != RoundStatus.Completed || position < 0)
                    continue;
                var outcome = await rounds.OutcomeAsync(chain, validator, round, ct).ConfigureAwait(false);
                if (outcome is null)
                    continue;
                var shareKey = new ValidatorPublicKeyBytes(outcome.PublicShares[position].PublicKey.Span);
                var moved = await store.MergeHistoryAsync(shareKey, key, ct).ConfigureAwait(false);
                if (moved > 0)
                    logger.LogInformation("validator {Validator}: moved {Count} slashing records of its round-{Round} share key {ShareKey} to the validator key",
                        validator.ValidatorId, moved, r, shareKey);
            }
            catch (InvalidOperationException e)
            {
                // Rounds whose members no event recorded: their share key cannot be named; its rows stay in the database.
                logger.LogWarning("validator {Validator}: history under the share key of round {Round} could not be located: {Problem}",
                    validator.ValidatorId, r, e.Message);
            }
        }
    }
}
