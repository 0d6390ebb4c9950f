using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing.Web3Signer;
using Dvt.Crypto.Bls;
using Dvt.Signer.Directory;
using Dvt.Signer.Lifecycle;
using Dvt.Signer.Observability;

namespace Dvt.Signer.Signing;

/// <summary>
/// Signs with a validator's full key (a solo validator's key, or the owner's recovery key), after the lifecycle rules
/// and the slashing check-and-record keyed by the validator key.
/// </summary>
public sealed class FullKeySigner(LifecycleRules lifecycle, SlashingGuard guard, SignerMetrics metrics)
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
        var verdict = await guard.CheckAndRecordAsync(set.PublicKey, request, signingRoot, cancellationToken);
        if (verdict is SlashingVerdict.Refused refused)
        {
            metrics.SlashingRefusals.WithLabels(SignRequestTypes.WireName(request.Type), "full").Inc();
            return new SignOutcome.Denied(refused.Evidence);
        }
        return new SignOutcome.Approved(key.Sign(signingRoot.AsSpan()), path);
    }
}
