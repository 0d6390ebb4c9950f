using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing.Web3Signer;
using Dvt.Signer.Directory;
using Dvt.Signer.Duties;
using Dvt.Signer.Lifecycle;
using Dvt.Signer.Observability;

namespace Dvt.Signer.Signing;

/// <summary>
/// Signs this operator's partial signature: first the lifecycle rules against the registry's state (deposit, exit,
/// builder registration), then the duty consensus (duty data only as the holders decided it), then the slashing
/// check-and-record keyed by the validator's public key (never the share's: the history is the validator's and must
/// survive reshares and solo/DVT conversions, which change the share), then the signature with the share. Used for
/// the asker's own partial and for every peer request alike.
/// </summary>
public sealed class ShareSigner(
    OperatorId localOperator, ISigningKeys keys, LifecycleRules lifecycle, IDutyDataGate dutyData, SlashingGuard guard, HashedRoots hashedRoots, SignerMetrics metrics)
{
    public async Task<PartialResult> SignAsync(ValidatorSigningSet set, SignRequest request, Root signingRoot, CancellationToken cancellationToken)
    {
        var holder = set.Holders.FirstOrDefault(h => h.Operator == localOperator);
        if (holder is null)
            return new PartialResult.NoShare($"{localOperator} is not a holder of validator {set.ValidatorId}");
        var share = keys.Share(set.ValidatorId);
        if (share is null)
            return new PartialResult.NoShare($"{localOperator} holds no share of validator {set.ValidatorId}");
        if (share.Index != holder.PublicShare.Index)
            return new PartialResult.NoShare($"{localOperator}'s share is {share.Index} but the registry says {holder.PublicShare.Index}");

        if (await lifecycle.CheckAsync(set, request, cancellationToken) is LifecycleVerdict.Refused forbidden)
        {
            metrics.LifecycleRefusals.WithLabels(SignRequestTypes.WireName(request.Type), forbidden.Rule).Inc();
            return new PartialResult.Forbidden($"{localOperator}: {forbidden}");
        }
        // Before the slashing record: an undecided message must not even reserve its slot in this holder's history.
        if (await dutyData.CheckAsync(set, request, cancellationToken) is DutyDataVerdict.NotDecided notDecided)
        {
            metrics.LifecycleRefusals.WithLabels(SignRequestTypes.WireName(request.Type), "not-decided").Inc();
            return new PartialResult.NotDecided($"{localOperator}: {notDecided.Reason}");
        }
        var verdict = await guard.CheckAndRecordAsync(set.PublicKey, request, signingRoot, cancellationToken);
        if (verdict is SlashingVerdict.Refused refused)
        {
            metrics.SlashingRefusals.WithLabels(SignRequestTypes.WireName(request.Type), "share").Inc();
            return new PartialResult.Refused(refused.Evidence);
        }
        return new PartialResult.Signed(share.Sign(hashedRoots.Of(signingRoot)));
    }
}
