using Dvt.Consensus.Primitives;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Rpc;

namespace Dvt.Coordinator.Cli.Views;

/// <summary>
/// Reads operators and validators from the registry's views, every call pinned to one block so the picture is
/// consistent even while transactions land. Views go out as JSON-RPC batches (<see cref="DvtRegistryContract.CallBatch"/>):
/// a thousand validators cost a handful of round trips.
/// </summary>
public sealed class RegistryReader(DvtRegistryContract registry)
{
    /// <summary>Validators or operators per batch (each 3-4 calls), below the batch caps of public nodes.</summary>
    private const int PerBatch = 50;

    public async Task<RegistryContents> ReadAsync(bool operators, bool validators, CancellationToken ct)
    {
        var chainId = await registry.Rpc.ChainIdAsync(ct).ConfigureAwait(false);
        var block = await registry.Rpc.BlockNumberAsync(ct).ConfigureAwait(false);
        var at = BlockTag.At(block);
        var active = (int)(ulong)await registry.ActiveOperatorCountAsync(at, ct).ConfigureAwait(false);
        IReadOnlyList<OperatorView> operatorViews = [];
        IReadOnlyList<ValidatorView> validatorViews = [];
        if (operators)
        {
            var count = await registry.OperatorCountAsync(at, ct).ConfigureAwait(false);
            operatorViews = await InBatchesAsync(count, at, ReadOperatorsAsync, ct).ConfigureAwait(false);
        }
        if (validators)
        {
            var count = await registry.ValidatorCountAsync(at, ct).ConfigureAwait(false);
            validatorViews = await InBatchesAsync(count, at, ReadValidatorsAsync, ct).ConfigureAwait(false);
        }
        return new RegistryContents(chainId, registry.Address.ToString(), block.Value, active, operatorViews, validatorViews);
    }

    /// <summary>One validator; a usage error when the id does not exist.</summary>
    public async Task<(RegistryContents Snapshot, ValidatorView Validator)> ReadValidatorAsync(ulong id, CancellationToken ct)
    {
        var snapshot = await ReadAsync(operators: false, validators: false, ct).ConfigureAwait(false);
        var at = BlockTag.At(new BlockNumber(snapshot.Block));
        var count = await registry.ValidatorCountAsync(at, ct).ConfigureAwait(false);
        if (id == 0 || id > count)
            throw new CommandFailedException($"validator {id} does not exist (the registry has {count} validator{(count == 1 ? "" : "s")})");
        return (snapshot, (await ReadValidatorsAsync([id], at, ct).ConfigureAwait(false))[0]);
    }

    private async Task<IReadOnlyList<OperatorView>> ReadOperatorsAsync(IReadOnlyList<ulong> ids, BlockTag at, CancellationToken ct)
    {
        // Keys and endpoints are in the registry's events only: the latest of each at the same block.
        var contacts = await new Chain.OperatorContactReader(registry, new BlockNumber(0))
            .ReadAsync(ids.ToArray(), at.Number!.Value, ct).ConfigureAwait(false);
        var batch = registry.NewBatch(at);
        var operators = ids.Select(id => batch.GetOperatorAsync(id)).ToArray();
        await batch.ExecuteAsync(ct).ConfigureAwait(false);
        var read = await Task.WhenAll(operators).ConfigureAwait(false);
        var backlogs = ids.Select((id, i) => read[i].Status == 2 ? batch.OperatorExitBacklogAsync(id) : Task.FromResult(UInt256.Zero)).ToArray();
        await batch.ExecuteAsync(ct).ConfigureAwait(false);
        var views = new OperatorView[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            var o = read[i];
            var contact = contacts.GetValueOrDefault(ids[i]);
            var backlog = await backlogs[i].ConfigureAwait(false);
            views[i] = new OperatorView(
                ids[i],
                o.Owner.ToString(),
                RegistryNames.OperatorStatus(o.Status),
                contact?.Endpoint ?? "",
                Hex.Encode(contact?.ShareEncryptionKey ?? []),
                o.LiveOwnedValidators,
                o.SharesOfOthers,
                o.HeldValidators.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                backlog.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return views;
    }

    private async Task<IReadOnlyList<ValidatorView>> ReadValidatorsAsync(IReadOnlyList<ulong> ids, BlockTag at, CancellationToken ct)
    {
        var batch = registry.NewBatch(at);
        var validators = ids.Select(id => batch.GetValidatorAsync(id)).ToArray();
        var keyBlocks = ids.Select(id => batch.PublicKeyBlockAsync(id)).ToArray();
        var holders = ids.Select(id => batch.GetHoldersAsync(id)).ToArray();
        await batch.ExecuteAsync(ct).ConfigureAwait(false);
        var read = await Task.WhenAll(validators).ConfigureAwait(false);
        // The keys are in PublicKeySet events only: one single-block eth_getLogs per distinct block, in one batch.
        var keys = await registry.ReadPublicKeysAsync(
            await Task.WhenAll(ids.Select(async (id, i) => (id, await keyBlocks[i].ConfigureAwait(false)))).ConfigureAwait(false), ct).ConfigureAwait(false);
        var rounds = ids.Select((id, i) => read[i].CurrentRound > 0 ? batch.GetRoundAsync(id, read[i].CurrentRound) : null).ToArray();
        await batch.ExecuteAsync(ct).ConfigureAwait(false);
        var views = new ValidatorView[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            var v = read[i];
            var key = keys[ids[i]];
            RoundView? round = null;
            if (rounds[i] is { } pending)
            {
                var r = await pending.ConfigureAwait(false);
                round = new RoundView(v.CurrentRound, RegistryNames.RoundKind(r.Kind), RegistryNames.RoundStatus(r.Status),
                    r.Threshold, r.DealersRequired, r.DealtCount, r.AckCount, r.LeavingOperatorId);
            }
            views[i] = new ValidatorView(
                ids[i],
                v.OwnerOperatorId,
                RegistryNames.Mode(v.Mode),
                RegistryNames.ValidatorKind(v.Kind),
                RegistryNames.ValidatorStatus(v.Status),
                key.PublicKey.Length == 0 ? null : Hex.Encode(key.PublicKey),
                await holders[i].ConfigureAwait(false),
                RegistryNames.RoundKind(v.KeyGeneration),
                round,
                v.WithdrawalCredentials.ToString(),
                v.FundsHeld,
                v.Status == 4);
        }
        return views;
    }

    /// <summary>Ids 1..count read PerBatch at a time, in id order.</summary>
    private static async Task<IReadOnlyList<T>> InBatchesAsync<T>(ulong count, BlockTag at,
        Func<IReadOnlyList<ulong>, BlockTag, CancellationToken, Task<IReadOnlyList<T>>> read, CancellationToken ct)
    {
        var results = new List<T>((int)Math.Min(count, int.MaxValue));
        for (ulong first = 1; first <= count; first += PerBatch)
        {
            var ids = new List<ulong>();
            for (var id = first; id <= count && id < first + PerBatch; id++)
                ids.Add(id);
            results.AddRange(await read(ids, at, ct).ConfigureAwait(false));
        }
        return results;
    }
}
