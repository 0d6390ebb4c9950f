using System.Collections.Concurrent;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.Crypto.KeyRounds;
using Dvt.Crypto.ShareEncryption;

namespace Dvt.Coordinator.Chain;

/// <summary>A validator as the registry's views describe it at one block.</summary>
public sealed record ValidatorView(
    ulong ValidatorId, ulong Owner, byte Mode, ValidatorKind Kind, ValidatorStatus Status, byte KeyGeneration, uint CurrentRound,
    Hash32 WithdrawalCredentials, bool FundsHeld, IReadOnlyList<ulong> Holders, byte[] PublicKey, ulong PendingDraw = 0);

/// <summary>A key round's facts and members at one block.</summary>
public sealed record RoundView(
    ulong ValidatorId, uint Round, RoundKind Kind, RoundStatus Status, int Threshold, ulong LeavingOperatorId,
    IReadOnlyList<ulong> Dealers, IReadOnlyList<bool> Dealt, IReadOnlyList<ulong> Receivers, IReadOnlyList<bool> Acked)
{
    public bool HasDealt(ulong operatorId) => Dealers.Select((d, i) => (d, i)).Any(x => x.d == operatorId && Dealt[x.i]);

    public bool HasAcked(ulong operatorId) => Receivers.Select((r, i) => (r, i)).Any(x => x.r == operatorId && Acked[x.i]);

    public IEnumerable<ulong> DealersWhoDealt => Dealers.Where((_, i) => Dealt[i]);
}

/// <summary>A registered operator: status from the registry's state, share-encryption key and endpoint from its events (latest at the snapshot's block).</summary>
public sealed record OperatorView(ulong OperatorId, Address Owner, OperatorStatus Status, ShareEncryptionPublicKey? EncryptionKey, string Endpoint);

/// <summary>
/// Reads the registry's views at one block (the follower's confirmed block), so a coordinator's decisions and the
/// events it has seen describe the same chain. The members of rounds the registry no longer keeps (those before the
/// holders' last change) come from the events the follower recorded in <paramref name="state"/>, up to the same block.
/// </summary>
public sealed class RegistrySnapshot(DvtRegistryContract registry, BlockTag block, ConcurrentDictionary<ulong, OperatorView> operatorCache,
    CoordinatorState state, BlockNumber registryStartBlock = default)
{
    private readonly OperatorContactReader contacts = new(registry, registryStartBlock);

    /// <summary>
    /// Validators per prefetch (4 views each, then 2 per current round): 200 views, which
    /// <see cref="Dvt.ContractBindings.Contracts.ContractCallBatch"/> sends as one aggregated eth_call. Not more: a
    /// node that refuses that call gets them as a JSON-RPC batch, which it runs call by call, and a batch that outlives
    /// the request timeout is sent again while the node still works through the first copy (at 1,000 validators,
    /// batches of 300 calls did that on a loaded anvil until its queue held minutes of work and no transaction was mined).
    /// </summary>
    private const int ValidatorsPerBatch = 50;

    private readonly ConcurrentDictionary<ulong, ValidatorView> validatorCache = new();
    private readonly ConcurrentDictionary<(ulong, uint), RoundView> roundCache = new();

    public BlockTag Block => block;

    /// <summary>A validator's views if this snapshot already read them (the pass plans its next look from them).</summary>
    public ValidatorView? CachedValidator(ulong validatorId) => validatorCache.GetValueOrDefault(validatorId);

    /// <summary>A round's views if this snapshot already read them.</summary>
    public RoundView? CachedRound(ulong validatorId, uint round) => roundCache.GetValueOrDefault((validatorId, round));

    /// <summary>A validator's views: prefetched in a batch if <see cref="PrefetchValidatorsAsync"/> read it, else one batch of its four calls.</summary>
    public async Task<ValidatorView> ValidatorAsync(ulong validatorId, CancellationToken ct)
    {
        if (validatorCache.TryGetValue(validatorId, out var cached))
            return cached;
        var views = await ReadValidatorsAsync([validatorId], ct).ConfigureAwait(false);
        return views[0];
    }

    /// <summary>
    /// Reads the views of many validators in JSON-RPC batches, so a pass over N validators costs about N/50 round trips
    /// instead of 4N, and their current rounds N/100 more instead of 2N. A validator whose views cannot be read is left
    /// out (its own step reads it again and reports why).
    /// </summary>
    public async Task PrefetchValidatorsAsync(IReadOnlyList<ulong> validatorIds, CancellationToken ct)
    {
        for (var start = 0; start < validatorIds.Count; start += ValidatorsPerBatch)
        {
            var ids = validatorIds.Skip(start).Take(ValidatorsPerBatch).Where(id => !validatorCache.ContainsKey(id)).ToArray();
            try
            {
                var views = await ReadValidatorsAsync(ids, ct).ConfigureAwait(false);
                await PrefetchRoundsAsync(views.Where(v => v.CurrentRound != 0).Select(v => (v.ValidatorId, v.CurrentRound)).ToArray(), ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One unreadable validator fails its whole batch's decode; the steps read the rest one by one.
            }
        }
    }

    /// <summary>
    /// The current rounds of prefetched validators in the same kind of batch (getRound and getRoundMembers each). A round
    /// whose members the registry no longer keeps, or that cannot be read, is left to <see cref="RoundAsync"/>.
    /// </summary>
    private async Task PrefetchRoundsAsync(IReadOnlyList<(ulong ValidatorId, uint Round)> rounds, CancellationToken ct)
    {
        if (rounds.Count == 0)
            return;
        var batch = registry.NewBatch(block);
        var infos = rounds.Select(r => batch.GetRoundAsync(r.ValidatorId, r.Round)).ToArray();
        var members = rounds.Select(r => batch.GetRoundMembersAsync(r.ValidatorId, r.Round)).ToArray();
        await batch.ExecuteAsync(ct).ConfigureAwait(false);
        for (var i = 0; i < rounds.Count; i++)
        {
            try
            {
                var info = await infos[i].ConfigureAwait(false);
                var m = await members[i].ConfigureAwait(false);
                roundCache[rounds[i]] = new RoundView(rounds[i].ValidatorId, rounds[i].Round, (RoundKind)info.Kind, (RoundStatus)info.Status, info.Threshold,
                    info.LeavingOperatorId, m.Dealers, m.Dealt, m.Receivers, m.Acked);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Read again, one by one, when the step asks for it (and the recorded members used if the registry dropped them).
            }
        }
    }

    private async Task<ValidatorView[]> ReadValidatorsAsync(IReadOnlyList<ulong> ids, CancellationToken ct)
    {
        var batch = registry.NewBatch(block);
        var validators = ids.Select(id => batch.GetValidatorAsync(id)).ToArray();
        var holders = ids.Select(id => batch.GetHoldersAsync(id)).ToArray();
        var keyBlocks = ids.Select(id => batch.PublicKeyBlockAsync(id)).ToArray();
        var pendingDraws = ids.Select(id => batch.PendingDrawAsync(id)).ToArray();
        await batch.ExecuteAsync(ct).ConfigureAwait(false);
        // The keys are in PublicKeySet events only: one single-block eth_getLogs per distinct block, in one batch.
        var keys = await registry.ReadPublicKeysAsync(
            await Task.WhenAll(ids.Select(async (id, i) => (id, await keyBlocks[i].ConfigureAwait(false)))).ConfigureAwait(false), ct).ConfigureAwait(false);
        var views = new ValidatorView[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            var v = await validators[i].ConfigureAwait(false);
            var key = keys[ids[i]];
            views[i] = new ValidatorView(ids[i], v.OwnerOperatorId, v.Mode, (ValidatorKind)v.Kind, (ValidatorStatus)v.Status, v.KeyGeneration,
                v.CurrentRound, v.WithdrawalCredentials, v.FundsHeld, await holders[i].ConfigureAwait(false), key.PublicKey,
                await pendingDraws[i].ConfigureAwait(false));
            validatorCache[ids[i]] = views[i];
        }
        return views;
    }

    public async Task<RoundView> RoundAsync(ulong validatorId, uint round, CancellationToken ct)
    {
        if (roundCache.TryGetValue((validatorId, round), out var cached))
            return cached;
        var view = await ReadRoundAsync(validatorId, round, ct).ConfigureAwait(false);
        roundCache[(validatorId, round)] = view;
        return view;
    }

    private async Task<RoundView> ReadRoundAsync(ulong validatorId, uint round, CancellationToken ct)
    {
        var info = await registry.GetRoundAsync(validatorId, round, block, ct).ConfigureAwait(false);
        DvtRegistryContract.GetRoundMembersResult members;
        try
        {
            members = await registry.GetRoundMembersAsync(validatorId, round, block, ct).ConfigureAwait(false);
        }
        catch (DvtRegistryContract.RoundMembersNotStoredException)
        {
            return RecordedRound(validatorId, round, (RoundKind)info.Kind, (RoundStatus)info.Status, info.Threshold, info.LeavingOperatorId);
        }
        return new RoundView(validatorId, round, (RoundKind)info.Kind, (RoundStatus)info.Status, info.Threshold, info.LeavingOperatorId,
            members.Dealers, members.Dealt, members.Receivers, members.Acked);
    }

    /// <summary>
    /// A round from before the holders' last change, whose members the registry dropped: its RoundStarted gives them; the
    /// dealers whose deals count are those DealingClosed named (or, if that was not seen, those whose deal is known); a
    /// completed round was acked by every receiver (the registry completes a round only then).
    /// </summary>
    private RoundView RecordedRound(ulong validatorId, uint round, RoundKind kind, RoundStatus status, int threshold, ulong leaving)
    {
        var started = state.StartedRound(validatorId, round)
            ?? throw new InvalidOperationException(
                $"validator {validatorId} round {round}: the registry no longer keeps its members and no RoundStarted event of it was recorded");
        var dealt = started.ClosedDealers is { } closed
            ? started.Dealers.Select(closed.Contains).ToArray()
            : started.Dealers.Select(new HashSet<ulong>(state.Deals(validatorId, round).Select(d => d.DealerId)).Contains).ToArray();
        var acked = started.Receivers.Select(_ => status == RoundStatus.Completed).ToArray();
        return new RoundView(validatorId, round, kind, status, threshold, leaving, started.Dealers, dealt, started.Receivers, acked);
    }

    /// <summary>
    /// An operator, cached until read fresh (<paramref name="fresh"/>, or <see cref="OperatorsAsync"/> when operators changed):
    /// the status from the registry's view, the share-encryption key and endpoint from its events up to the same block.
    /// </summary>
    public async Task<OperatorView> OperatorAsync(ulong operatorId, CancellationToken ct, bool fresh = false)
    {
        if (!fresh && operatorCache.TryGetValue(operatorId, out var cached))
            return cached;
        var o = await registry.GetOperatorAsync(operatorId, block, ct).ConfigureAwait(false);
        var contact = (await contacts.ReadAsync([operatorId], BlockNumberOfSnapshot, ct).ConfigureAwait(false)).GetValueOrDefault(operatorId);
        var view = View(operatorId, o, contact);
        operatorCache[operatorId] = view;
        return view;
    }

    private BlockNumber BlockNumberOfSnapshot =>
        block.Number ?? throw new InvalidOperationException($"the registry snapshot at '{block}' is not pinned to a block number");

    private static OperatorView View(ulong operatorId, DvtRegistryContract.GetOperatorResult o, OperatorContact? contact)
    {
        ShareEncryptionPublicKey.TryDecode(contact?.ShareEncryptionKey ?? [], out var key);
        return new OperatorView(operatorId, o.Owner, (OperatorStatus)o.Status, key, contact?.Endpoint ?? "");
    }

    /// <summary>Operators 1..count read fresh in JSON-RPC batches (and cached for <see cref="OperatorAsync"/>).</summary>
    public async Task<IReadOnlyList<OperatorView>> OperatorsAsync(ulong count, CancellationToken ct)
    {
        var views = new List<OperatorView>();
        var known = await contacts.ReadAsync(null, BlockNumberOfSnapshot, ct).ConfigureAwait(false);
        for (ulong first = 1; first <= count; first += ValidatorsPerBatch)
        {
            var batch = registry.NewBatch(block);
            var pending = new List<(ulong Id, Task<DvtRegistryContract.GetOperatorResult> Info)>();
            for (var id = first; id <= count && id < first + ValidatorsPerBatch; id++)
                pending.Add((id, batch.GetOperatorAsync(id)));
            await batch.ExecuteAsync(ct).ConfigureAwait(false);
            foreach (var (id, info) in pending)
            {
                var view = View(id, await info.ConfigureAwait(false), known.GetValueOrDefault(id));
                operatorCache[id] = view;
                views.Add(view);
            }
        }
        return views;
    }

    public async Task<RoundParticipant> ParticipantAsync(ulong operatorId, CancellationToken ct)
    {
        var view = await OperatorAsync(operatorId, ct).ConfigureAwait(false);
        return new RoundParticipant(operatorId, view.EncryptionKey
            ?? throw new InvalidOperationException($"operator {operatorId}'s registered share-encryption key is not a secp256k1 point"));
    }
}
