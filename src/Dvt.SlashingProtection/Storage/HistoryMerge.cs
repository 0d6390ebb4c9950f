using Dvt.Consensus.Primitives;
using Dvt.SlashingProtection.Interchange;

namespace Dvt.SlashingProtection.Storage;

/// <summary>
/// Moves one key's history onto another inside the caller's exclusive transaction, with the import's merge rules:
/// every record kept, clashing records keep an unknown root, and the target key's low watermarks rise over the moved
/// records (and over the source key's own watermarks), so nothing the moved history covers can be signed again.
/// </summary>
internal static class HistoryMerge
{
    public static async Task<int> MoveAsync(SqlValidatorHistory history, ValidatorPublicKeyBytes from, ValidatorPublicKeyBytes to, CancellationToken ct)
    {
        // Locked in one fixed order, as imports do, so two concurrent merges cannot deadlock.
        var first = from.CompareTo(to) < 0 ? from : to;
        var firstRow = await history.LockValidatorAsync(first, ct);
        if (first == from && firstRow is null)
            return 0;
        var source = first == from ? firstRow! : await history.LockValidatorAsync(from, ct);
        if (source is null)
            return 0;
        var target = await history.RegisterAndLockValidatorAsync(to, ct);

        var blocks = await history.BlocksAsync(source.Id, ct);
        var attestations = await history.AttestationsAsync(source.Id, ct);
        foreach (var block in blocks)
            await InterchangeImport.MergeBlockAsync(history, target.Id, block, ct);
        foreach (var attestation in attestations)
            await InterchangeImport.MergeAttestationAsync(history, target.Id, attestation, ct);

        var slot = Max(target.ImportedBlockSlot, source.ImportedBlockSlot);
        if (blocks.Count > 0)
            slot = Max(slot, blocks.Max(b => b.Slot));
        var sourceEpoch = Max(target.ImportedSourceEpoch, source.ImportedSourceEpoch);
        var targetEpoch = Max(target.ImportedTargetEpoch, source.ImportedTargetEpoch);
        if (attestations.Count > 0)
        {
            sourceEpoch = Max(sourceEpoch, attestations.Max(a => a.Source));
            targetEpoch = Max(targetEpoch, attestations.Max(a => a.Target));
        }
        await history.SetImportedWatermarksAsync(target.Id, slot, sourceEpoch, targetEpoch, ct);
        await history.DeleteValidatorAsync(source.Id, ct);
        return blocks.Count + attestations.Count;
    }

    private static Slot? Max(Slot? a, Slot? b) => a is null ? b : b is null ? a : a.Value > b.Value ? a : b;

    private static Epoch? Max(Epoch? a, Epoch? b) => a is null ? b : b is null ? a : a.Value > b.Value ? a : b;
}
