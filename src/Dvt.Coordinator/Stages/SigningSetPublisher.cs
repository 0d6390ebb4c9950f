using Dvt.Consensus.Primitives;
using Dvt.Coordinator.History;
using Dvt.Coordinator.Rounds;
using Dvt.Coordinator.SignerHosting;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Directory;

namespace Dvt.Coordinator.Stages;

/// <summary>
/// Puts a validator into the signing directory, or takes it out: what the signer may sign for it, with this holder's
/// share or the owner's full key, only once the validator's slashing history has been handed over (<see cref="HistoryHandover"/>).
/// </summary>
public sealed class SigningSetPublisher(RoundAssembler rounds, ChainSigningDirectory directory, HistoryHandover handover)
{
    /// <summary>The threshold signing set of the last completed round, for its holders and the owner; nothing for the others.</summary>
    public async Task PublishSharesAsync(ValidatorPass pass, CancellationToken ct)
    {
        var (chain, v, lastCompleted, holding, me, at) = (pass.Chain, pass.Validator, pass.LastCompleted, pass.Holding, pass.Me, pass.At);
        if (v.PublicKey.Length == 0 || lastCompleted is null || !(holding || v.Owner == me))
        {
            directory.Remove(v.ValidatorId);
            return;
        }
        var outcome = await rounds.OutcomeAsync(chain, v, lastCompleted, ct).ConfigureAwait(false);
        if (outcome is null)
            return;
        // The validator's history reaches this holder (moved from share keys, low watermark of its receipt) before it signs.
        if (holding && !await handover.ForShareAsync(chain, v, lastCompleted, outcome.GroupPublicKey, me, at, ct).ConfigureAwait(false))
        {
            directory.Remove(v.ValidatorId);
            return;
        }
        var holders = lastCompleted.Receivers.Select((op, i) => new ShareHolder(new OperatorId(op), outcome.PublicShares[i])).ToArray();
        directory.Put(new ValidatorSigningSet(v.ValidatorId, outcome.GroupPublicKey, new OperatorId(v.Owner),
            new ThresholdScheme(lastCompleted.Threshold, lastCompleted.Receivers.Count), holders), holding ? lastCompleted.Round : null);
    }

    /// <summary>The owner's full key of a solo or staged validator.</summary>
    public async Task PublishFullKeyAsync(ValidatorPass pass, BlsSecretKey fullKey, CancellationToken ct)
    {
        var v = pass.Validator;
        // A validator back from DVT: the full key signs again only after the chain time of its return.
        if (!await handover.ForFullKeyAsync(v, fullKey.PublicKey, pass.At, ct).ConfigureAwait(false))
            return;
        directory.Put(new ValidatorSigningSet(v.ValidatorId, fullKey.PublicKey, new OperatorId(v.Owner), null, []), null);
    }

    public void Unpublish(ulong validatorId) => directory.Remove(validatorId);
}
