using Dvt.Consensus.Primitives;
using Dvt.SlashingProtection.Storage;

namespace Dvt.SlashingProtection.Interchange;

/// <summary>
/// Merges an interchange into the history inside the caller's exclusive transaction (the caller
/// rolls everything back when this throws). Every record is kept; records that clash at a slot or
/// target keep an unknown root. Each imported key's low watermarks are then raised to the highest
/// slot, source and target now recorded for it (EIP-3076 minimal strategy), so nothing at or below
/// the imported history can be signed again.
/// </summary>
internal static class InterchangeImport
{
    public static async Task<ImportSummary> ApplyAsync(
        SqlValidatorHistory history, GenesisValidatorsRoot storeChain, InterchangeDocument interchange, CancellationToken ct)
    {
        if (!interchange.GenesisValidatorsRoot.Equals(storeChain))
            throw new InterchangeImportException("metadata.genesis_validators_root",
                $"this store protects the chain with genesis_validators_root {storeChain}, the interchange is for {interchange.GenesisValidatorsRoot}");

        // Keys are locked in one fixed order so two concurrent imports cannot deadlock on each other.
        var rows = new Dictionary<ValidatorPublicKeyBytes, ValidatorRow>();
        foreach (var publicKey in interchange.Data.Select(v => v.PublicKey).Distinct().Order())
            rows[publicKey] = await history.RegisterAndLockValidatorAsync(publicKey, ct);

        int blocks = 0, attestations = 0, conflicts = 0;
        foreach (var entry in interchange.Data)
        {
            var id = rows[entry.PublicKey].Id;
            foreach (var block in entry.SignedBlocks)
            {
                conflicts += await MergeBlockAsync(history, id, block, ct);
                blocks++;
            }
            foreach (var attestation in entry.SignedAttestations)
            {
                conflicts += await MergeAttestationAsync(history, id, attestation, ct);
                attestations++;
            }
        }

        foreach (var (publicKey, row) in rows)
        {
            var entries = interchange.Data.Where(v => v.PublicKey == publicKey).ToList();
            var blockSlot = row.ImportedBlockSlot;
            if (entries.Any(e => e.SignedBlocks.Count > 0) && await history.BlockSlotRangeAsync(row.Id, ct) is { } slots)
                blockSlot = Max(blockSlot, slots.Max);
            var source = row.ImportedSourceEpoch;
            var target = row.ImportedTargetEpoch;
            if (entries.Any(e => e.SignedAttestations.Count > 0) && await history.AttestationEpochRangeAsync(row.Id, ct) is { } epochs)
            {
                source = Max(source, epochs.MaxSource);
                target = Max(target, epochs.MaxTarget);
            }
            await history.SetImportedWatermarksAsync(row.Id, blockSlot, source, target, ct);
        }
        return new ImportSummary(rows.Count, blocks, attestations, conflicts);
    }

    /// <returns>1 when the record clashed with a different one at the same slot, else 0.</returns>
    internal static async Task<int> MergeBlockAsync(SqlValidatorHistory history, long validatorId, SignedBlockRecord block, CancellationToken ct)
    {
        var existing = await history.BlockAtSlotAsync(validatorId, block.Slot, ct);
        if (existing is null)
        {
            await history.InsertBlockAsync(validatorId, block.Slot, block.SigningRoot, ct);
            return 0;
        }
        if (block.SigningRoot is { } root && existing.IsSameMessage(root))
            return 0;
        if (existing.SigningRoot is null && block.SigningRoot is null or { IsZero: true })
            return 0;
        await history.ForgetBlockRootAsync(validatorId, block.Slot, ct);
        return 1;
    }

    /// <returns>1 when the record clashed with a different one at the same target, else 0.</returns>
    internal static async Task<int> MergeAttestationAsync(SqlValidatorHistory history, long validatorId, SignedAttestationRecord attestation, CancellationToken ct)
    {
        var existing = await history.AttestationAtTargetAsync(validatorId, attestation.Target, ct);
        if (existing is null)
        {
            await history.InsertAttestationAsync(validatorId, attestation.Source, attestation.Target, attestation.SigningRoot, ct);
            return 0;
        }
        var sameSource = existing.Source == attestation.Source;
        if (sameSource && attestation.SigningRoot is { } root && existing.IsSameMessage(root))
            return 0;
        if (sameSource && existing.SigningRoot is null && attestation.SigningRoot is null or { IsZero: true })
            return 0;
        if (existing.SigningRoot is not null)
            await history.ForgetAttestationRootAsync(validatorId, attestation.Target, ct);
        return 1;
    }

    private static Slot Max(Slot? a, Slot b) => a is { } x && x > b ? x : b;

    private static Epoch Max(Epoch? a, Epoch b) => a is { } x && x > b ? x : b;
}
