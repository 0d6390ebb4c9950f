using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Rpc;

namespace Dvt.Coordinator.Cli.Views;

/// <summary>
/// Reads operators and validators from the registry's views, every call pinned to one block so the picture is
/// consistent even while transactions land.
/// </summary>
public sealed class RegistryReader(DvtRegistryContract registry)
{
    /// <summary>Calls in flight at once: enough to hide round trips, few enough not to flood a public node.</summary>
    private const int Parallelism = 8;

    public async Task<RegistrySnapshot> ReadAsync(bool operators, bool validators, CancellationToken ct)
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
            operatorViews = await ForEachAsync(count, id => ReadOperatorAsync(id, at, ct), ct).ConfigureAwait(false);
        }
        if (validators)
        {
            var count = await registry.ValidatorCountAsync(at, ct).ConfigureAwait(false);
            validatorViews = await ForEachAsync(count, id => ReadValidatorAsync(id, at, ct), ct).ConfigureAwait(false);
        }
        return new RegistrySnapshot(chainId, registry.Address.ToString(), block.Value, active, operatorViews, validatorViews);
    }

    /// <summary>One validator; a usage error when the id does not exist.</summary>
    public async Task<(RegistrySnapshot Snapshot, ValidatorView Validator)> ReadValidatorAsync(ulong id, CancellationToken ct)
    {
        var snapshot = await ReadAsync(operators: false, validators: false, ct).ConfigureAwait(false);
        var at = BlockTag.At(new BlockNumber(snapshot.Block));
        var count = await registry.ValidatorCountAsync(at, ct).ConfigureAwait(false);
        if (id == 0 || id > count)
            throw new CommandFailedException($"validator {id} does not exist (the registry has {count} validator{(count == 1 ? "" : "s")})");
        return (snapshot, await ReadValidatorAsync(id, at, ct).ConfigureAwait(false));
    }

    private async Task<OperatorView> ReadOperatorAsync(ulong id, BlockTag at, CancellationToken ct)
    {
        var o = await registry.GetOperatorAsync(id, at, ct).ConfigureAwait(false);
        var backlog = o.Status == 2 ? await registry.OperatorExitBacklogAsync(id, at, ct).ConfigureAwait(false) : UInt256.Zero;
        return new OperatorView(
            id,
            o.Owner.ToString(),
            RegistryNames.OperatorStatus(o.Status),
            o.Endpoint,
            Hex.Encode(o.ShareEncryptionKey),
            o.LiveOwnedValidators,
            o.SharesOfOthers,
            o.HeldValidators.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            backlog.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<ValidatorView> ReadValidatorAsync(ulong id, BlockTag at, CancellationToken ct)
    {
        var v = await registry.GetValidatorAsync(id, at, ct).ConfigureAwait(false);
        var key = await registry.GetValidatorKeyAsync(id, at, ct).ConfigureAwait(false);
        var holders = await registry.GetHoldersAsync(id, at, ct).ConfigureAwait(false);
        RoundView? round = null;
        if (v.CurrentRound > 0)
        {
            var r = await registry.GetRoundAsync(id, v.CurrentRound, at, ct).ConfigureAwait(false);
            round = new RoundView(v.CurrentRound, RegistryNames.RoundKind(r.Kind), RegistryNames.RoundStatus(r.Status),
                r.Threshold, r.DealersRequired, r.DealtCount, r.AckCount, r.LeavingOperatorId);
        }
        return new ValidatorView(
            id,
            v.OwnerOperatorId,
            RegistryNames.Mode(v.Mode),
            RegistryNames.ValidatorKind(v.Kind),
            RegistryNames.ValidatorStatus(v.Status),
            key.PublicKey.Length == 0 ? null : Hex.Encode(key.PublicKey),
            holders,
            RegistryNames.RoundKind(v.KeyGeneration),
            round,
            v.WithdrawalCredentials.ToString(),
            v.FundsHeld,
            v.Status == 4);
    }

    private static async Task<IReadOnlyList<T>> ForEachAsync<T>(ulong count, Func<ulong, Task<T>> read, CancellationToken ct)
    {
        var results = new T[count];
        await Parallel.ForEachAsync(
            LongRange(count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (id, _) => results[id - 1] = await read(id).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    private static IEnumerable<ulong> LongRange(ulong count)
    {
        for (ulong id = 1; id <= count; id++)
            yield return id;
    }
}
