using Dvt.Consensus.Primitives;
using Dvt.SlashingProtection.Storage;

namespace Dvt.SlashingProtection;

/// <summary>
/// The EIP-3076 rules for an attestation (double vote, surround in both directions, low
/// watermarks), decided and recorded inside the caller's exclusive transaction.
/// </summary>
internal static class AttestationCheck
{
    public static async Task<SigningDecision> DecideAndRecordAsync(
        SqlValidatorHistory history, ValidatorPublicKeyBytes publicKey, Epoch source, Epoch target, SigningRoot signingRoot, CancellationToken ct)
    {
        var validator = await history.LockValidatorAsync(publicKey, ct);
        if (validator is null)
            return new SigningDecision.UnknownValidator(publicKey);

        if (source > target)
            return new SigningDecision.InvalidSourceAfterTarget(source, target);

        var sameTarget = await history.AttestationAtTargetAsync(validator.Id, target, ct);
        // A repeat needs the same root and the same source: a caller passing a root that does not
        // match the epochs it gives must not turn a double vote into a "repeat".
        if (sameTarget is not null && !(sameTarget.Source == source && sameTarget.IsSameMessage(signingRoot)))
            return new SigningDecision.DoubleVote(sameTarget);

        // A repeat was judged when first signed; anything else must not surround or be surrounded.
        if (sameTarget is null)
        {
            if (await history.SurroundedByAsync(validator.Id, source, target, ct) is { } surrounded)
                return new SigningDecision.SurroundingVote(surrounded);
            if (await history.SurroundingAsync(validator.Id, source, target, ct) is { } surrounding)
                return new SigningDecision.SurroundedVote(surrounding);
        }

        // After an import the imported history may hold votes this database does not have, so
        // nothing below the highest source or at/below the highest target is signed, not even a repeat.
        if (validator.ImportedSourceEpoch is { } importedSource && source < importedSource)
            return new SigningDecision.BelowLowWatermark(LowWatermark.ImportedSourceEpoch, importedSource.Value, source.Value);
        if (validator.ImportedTargetEpoch is { } importedTarget && target <= importedTarget)
            return new SigningDecision.BelowLowWatermark(LowWatermark.ImportedTargetEpoch, importedTarget.Value, target.Value);

        if (sameTarget is not null)
            return new SigningDecision.SafeRepeat(sameTarget);

        // Minimal strategy: nothing earlier than the earliest recorded vote, whose history may be pruned.
        if (await history.AttestationEpochRangeAsync(validator.Id, ct) is { } range)
        {
            if (source < range.MinSource)
                return new SigningDecision.BelowLowWatermark(LowWatermark.EarliestSourceEpoch, range.MinSource.Value, source.Value);
            if (target < range.MinTarget)
                return new SigningDecision.BelowLowWatermark(LowWatermark.EarliestTargetEpoch, range.MinTarget.Value, target.Value);
        }

        await history.InsertAttestationAsync(validator.Id, source, target, signingRoot, ct);
        return new SigningDecision.Safe();
    }
}
