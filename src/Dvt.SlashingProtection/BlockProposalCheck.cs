using Dvt.Consensus.Primitives;
using Dvt.SlashingProtection.Storage;

namespace Dvt.SlashingProtection;

/// <summary>
/// The EIP-3076 rules for a block proposal, decided and recorded inside the caller's exclusive
/// transaction. Order matters only for which evidence is reported; every refusal is final.
/// </summary>
internal static class BlockProposalCheck
{
    public static async Task<SigningDecision> DecideAndRecordAsync(
        SqlValidatorHistory history, ValidatorPublicKeyBytes publicKey, Slot slot, SigningRoot signingRoot, CancellationToken ct)
    {
        var validator = await history.LockValidatorAsync(publicKey, ct);
        if (validator is null)
            return new SigningDecision.UnknownValidator(publicKey);

        var existing = await history.BlockAtSlotAsync(validator.Id, slot, ct);
        if (existing is not null && !existing.IsSameMessage(signingRoot))
            return new SigningDecision.DoubleProposal(existing);

        // After an import nothing at or below the highest known slot is signed, not even a repeat:
        // the imported history may hold a block at that slot that is not in this database.
        if (validator.ImportedBlockSlot is { } imported && slot <= imported)
            return new SigningDecision.BelowLowWatermark(LowWatermark.ImportedBlockSlot, imported.Value, slot.Value);

        if (existing is not null)
            return new SigningDecision.SafeRepeat(existing);

        // Minimal strategy: nothing earlier than the earliest recorded block, whose history may be pruned.
        if (await history.BlockSlotRangeAsync(validator.Id, ct) is { } range && slot < range.Min)
            return new SigningDecision.BelowLowWatermark(LowWatermark.EarliestBlockSlot, range.Min.Value, slot.Value);

        await history.InsertBlockAsync(validator.Id, slot, signingRoot, ct);
        return new SigningDecision.Safe();
    }
}
