using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing.Web3Signer;
using Dvt.Crypto.Bls;
using Dvt.Signer.Directory;
using Dvt.Signer.Duties;
using Dvt.Signer.Lifecycle;
using Dvt.Signer.Observability;

namespace Dvt.Signer.Signing;

/// <summary>
/// Signs with a validator's full key (a solo validator's key, or the owner's recovery key), after the lifecycle rules
/// (for the recovery key, the holders' decided duty data) and the slashing check-and-record keyed by the validator key.
/// </summary>
public sealed class FullKeySigner(LifecycleRules lifecycle, IDutyDataGate dutyData, SlashingGuard guard, SignerMetrics metrics)
{
    public async Task<SignOutcome> SignAsync(
        ValidatorSigningSet set, BlsSecretKey key, SignRequest request, Root signingRoot, SigningPath path, CancellationToken cancellationToken)
    {
        if (!key.PublicKey.Equals(set.PublicKey))
            return new SignOutcome.Failed("key-mismatch", $"the full key held for validator {set.ValidatorId} is not its registered key {set.PublicKey}");
        if (await lifecycle.CheckAsync(set, request, cancellationToken) is LifecycleVerdict.Refused forbidden)
        {
            metrics.LifecycleRefusals.WithLabels(SignRequestTypes.WireName(request.Type), forbidden.Rule).Inc();
            return new SignOutcome.Forbidden(forbidden.ToString());
        }
        // The recovery key signs only what the holders decided, like every share; a solo validator has no holders to agree with.
        if (path == SigningPath.Recovery && await dutyData.CheckAsync(set, request, cancellationToken) is DutyDataVerdict.NotDecided notDecided)
        {
            metrics.LifecycleRefusals.WithLabels(SignRequestTypes.WireName(request.Type), "not-decided").Inc();
            return new SignOutcome.Forbidden(notDecided.Reason);
        }
        var verdict = await guard.CheckAndRecordAsync(set.PublicKey, request, signingRoot, cancellationToken);
        if (verdict is SlashingVerdict.Refused refused)
        {
            metrics.SlashingRefusals.WithLabels(SignRequestTypes.WireName(request.Type), "full").Inc();
            return new SignOutcome.Denied(refused.Evidence);
        }
        return new SignOutcome.Approved(key.Sign(signingRoot.AsSpan()), path);
    }
}
