using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing.Web3Signer;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Directory;
using Dvt.Signer.Observability;
using Dvt.Signer.Peer;
using Microsoft.Extensions.Logging;

namespace Dvt.Signer.Signing;

/// <summary>
/// Produces the signature for one validator request: a solo validator's full key; otherwise the threshold round,
/// and only when it falls short, the recovery key under <see cref="RecoveryQuorum"/>. Every request type takes the
/// same path (non-slashable types too), so there is one rule to reason about.
/// </summary>
public sealed class ValidatorSigner(
    SignerOptions options,
    ISigningKeys keys,
    IPartialSignatureExchange threshold,
    ICombinedSignatureServer combined,
    FullKeySigner fullKeySigner,
    SignerMetrics metrics,
    ILogger<ValidatorSigner> logger)
{
    private readonly ICombinedSignatureServer _combined = combined;

    /// <summary>Threshold exchanges started by this coordinator (one per validator and signing root).</summary>
    public long ThresholdExchanges => _combined.Exchanges;

    public async Task<SignOutcome> SignAsync(
        ValidatorSigningSet set, SignRequest request, Root signingRoot, ReadOnlyMemory<byte> web3SignerBody, CancellationToken cancellationToken)
    {
        if (set.IsSolo)
            return await SoloAsync(set, request, signingRoot, cancellationToken);
        // Lifecycle messages are judged against the registry's state on every request (a deposit stops being due), so
        // they never come from the cache.
        if (request.Type is SignRequestType.Deposit or SignRequestType.VoluntaryExit or SignRequestType.ValidatorRegistration)
            return await DistributedAsync(set, request, signingRoot, web3SignerBody, RecoveryUse.WhenQuorumAllows, cancellationToken);
        // Every validator client asking for this root shares one exchange and its combined signature. The exchange
        // runs to its own deadline even if the first asker hangs up, since others may be waiting on it.
        return await _combined.GetOrSignAsync(set.ValidatorId, signingRoot,
            () => DistributedAsync(set, request, signingRoot, web3SignerBody.ToArray(), RecoveryUse.WhenQuorumAllows, CancellationToken.None))
            .WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The owner's own lifecycle request (deposit, exit) of a distributed validator: t holders' partials or nothing.
    /// The owner wants a signature the holders agreed to, so a recovery-key signature would be thrown away, and
    /// spending the recovery key on it would count as a use the operator has to explain.
    /// </summary>
    public Task<SignOutcome> ThresholdOnlyAsync(
        ValidatorSigningSet set, SignRequest request, Root signingRoot, ReadOnlyMemory<byte> web3SignerBody, CancellationToken cancellationToken) =>
        set.IsSolo
            ? Task.FromResult<SignOutcome>(new SignOutcome.Failed("no-key", $"validator {set.ValidatorId} is solo: it has no threshold path"))
            : DistributedAsync(set, request, signingRoot, web3SignerBody, RecoveryUse.Never, cancellationToken);

    private enum RecoveryUse { WhenQuorumAllows, Never }

    private async Task<SignOutcome> DistributedAsync(
        ValidatorSigningSet set, SignRequest request, Root signingRoot, ReadOnlyMemory<byte> web3SignerBody, RecoveryUse recovery,
        CancellationToken cancellationToken)
    {

        var scheme = set.Scheme!;
        ThresholdAttempt attempt;
        try
        {
            attempt = await threshold.SignAsync(set, request, signingRoot, web3SignerBody, cancellationToken);
        }
        catch (ThresholdSignatureException e)
        {
            logger.LogError("Threshold signature for validator {ValidatorId} failed: {Problem}", set.ValidatorId, e.Message);
            return new SignOutcome.Failed("combine", e.Message);
        }
        if (attempt.LocalForbidden is { } localForbidden)
            return new SignOutcome.Forbidden(localForbidden);
        if (attempt.LocalRefusal is { } localRefusal)
            return new SignOutcome.Denied(localRefusal);
        if (attempt.Signature is { } signature)
            return new SignOutcome.Approved(signature, SigningPath.Threshold);

        var summary = $"{attempt.Recorded.Count} of {scheme.Threshold} partial signatures by the deadline"
            + (attempt.Failures.Count == 0 ? "" : "; " + string.Join("; ", attempt.Failures.Select(f =>
                $"{f.Holder.Operator} ({f.Holder.PublicShare.Index}): {f.Reason.Label()}")));
        // A holder that the registry's state forbids to sign makes the message forbidden: the recovery key does not
        // get around the chain (and would refuse it itself).
        if (attempt.Failures.FirstOrDefault(f => f.Reason == PartialFailureReason.Forbidden) is { } forbidden)
            return new SignOutcome.Forbidden($"{summary}; {forbidden.Holder.Operator} refused: {forbidden.Detail}");
        var refusals = attempt.Failures.Where(f => f.Reason == PartialFailureReason.Refused).ToList();
        if (refusals.Count > 0)
            return new SignOutcome.Denied($"{summary}; {refusals[0].Holder.Operator} refused: {refusals[0].Detail}");
        if (recovery == RecoveryUse.Never)
            return new SignOutcome.Failed("no-quorum", $"{summary}; this request takes the threshold path only");
        if (!options.RecoveryKeyEnabled)
            return new SignOutcome.Failed("no-quorum", $"{summary}; the recovery key is disabled");
        if (set.Owner != options.LocalOperator)
            return new SignOutcome.Failed("no-quorum", $"{summary}; only the owner ({set.Owner}) may use the recovery key");
        var fullKey = keys.FullKey(set.ValidatorId);
        if (fullKey is null)
            return new SignOutcome.Failed("no-quorum", $"{summary}; this owner holds no recovery key for validator {set.ValidatorId}");
        if (RecoveryQuorum.Refusal(scheme, set.Owner, attempt.Recorded, refusals.Count) is { } quorumRefusal)
            return new SignOutcome.Failed("no-quorum", $"{summary}; recovery key not used: {quorumRefusal}");

        var outcome = await fullKeySigner.SignAsync(set, fullKey, request, signingRoot, SigningPath.Recovery, cancellationToken);
        if (outcome is SignOutcome.Approved)
        {
            metrics.RecoveryKeyUses.WithLabels(SignRequestTypes.WireName(request.Type)).Inc();
            logger.LogWarning(
                "Recovery key signed {Type} for validator {ValidatorId}: {Summary}; recorded by {Recorded}",
                SignRequestTypes.WireName(request.Type), set.ValidatorId, summary, string.Join(", ", attempt.Recorded));
        }
        return outcome;
    }

    private async Task<SignOutcome> SoloAsync(ValidatorSigningSet set, SignRequest request, Root signingRoot, CancellationToken cancellationToken)
    {
        if (set.Owner != options.LocalOperator)
            return new SignOutcome.Failed("no-key", $"solo validator {set.ValidatorId} is signed by its owner {set.Owner}, not {options.LocalOperator}");
        var key = keys.FullKey(set.ValidatorId);
        if (key is null)
            return new SignOutcome.Failed("no-key", $"this owner holds no key for solo validator {set.ValidatorId}");
        return await fullKeySigner.SignAsync(set, key, request, signingRoot, SigningPath.Solo, cancellationToken);
    }
}
