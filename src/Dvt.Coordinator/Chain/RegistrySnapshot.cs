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

/// <summary>A registered operator: its share-encryption key never changes, its status does.</summary>
public sealed record OperatorView(ulong OperatorId, Address Owner, OperatorStatus Status, ShareEncryptionPublicKey? EncryptionKey, string Endpoint);

/// <summary>
/// Reads the registry's views at one block (the follower's confirmed block), so a coordinator's decisions and the
/// events it has seen describe the same chain. The members of rounds the registry no longer keeps (those before the
/// holders' last change) come from the events the follower recorded in <paramref name="state"/>, up to the same block.
/// </summary>
public sealed class RegistrySnapshot(DvtRegistryContract registry, BlockTag block, ConcurrentDictionary<ulong, OperatorView> operatorCache,
    CoordinatorState state)
{
    public BlockTag Block => block;

    public async Task<ValidatorView> ValidatorAsync(ulong validatorId, CancellationToken ct)
    {
        var v = await registry.GetValidatorAsync(validatorId, block, ct).ConfigureAwait(false);
        var holders = await registry.GetHoldersAsync(validatorId, block, ct).ConfigureAwait(false);
        var key = await registry.GetValidatorKeyAsync(validatorId, block, ct).ConfigureAwait(false);
        var pendingDraw = await registry.PendingDrawAsync(validatorId, block, ct).ConfigureAwait(false);
        return new ValidatorView(validatorId, v.OwnerOperatorId, v.Mode, (ValidatorKind)v.Kind, (ValidatorStatus)v.Status, v.KeyGeneration,
            v.CurrentRound, v.WithdrawalCredentials, v.FundsHeld, holders, key.PublicKey, pendingDraw);
    }

    public async Task<RoundView> RoundAsync(ulong validatorId, uint round, CancellationToken ct)
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

    /// <summary>An operator; the share-encryption key is cached (registered once, never changed), the status is read fresh.</summary>
    public async Task<OperatorView> OperatorAsync(ulong operatorId, CancellationToken ct, bool fresh = false)
    {
        if (!fresh && operatorCache.TryGetValue(operatorId, out var cached))
            return cached;
        var o = await registry.GetOperatorAsync(operatorId, block, ct).ConfigureAwait(false);
        ShareEncryptionPublicKey.TryDecode(o.ShareEncryptionKey, out var key);
        var view = new OperatorView(operatorId, o.Owner, (OperatorStatus)o.Status, key, o.Endpoint);
        operatorCache[operatorId] = view;
        return view;
    }

    public async Task<RoundParticipant> ParticipantAsync(ulong operatorId, CancellationToken ct)
    {
        var view = await OperatorAsync(operatorId, ct).ConfigureAwait(false);
        return new RoundParticipant(operatorId, view.EncryptionKey
            ?? throw new InvalidOperationException($"operator {operatorId}'s registered share-encryption key is not a secp256k1 point"));
    }
}
