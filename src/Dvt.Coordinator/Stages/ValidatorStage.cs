using System.Collections.Concurrent;
using Dvt.Consensus;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Networks;
using Dvt.Consensus.Signing;
using Dvt.Consensus.Signing.Web3Signer;
using Dvt.Consensus.Primitives;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Abi;
using Dvt.ContractBindings.Contracts;
using Dvt.Coordinator.Beacon;
using Dvt.Coordinator.Chain;
using Dvt.Coordinator.Configuration;
using Dvt.Coordinator.SignerHosting;
using Dvt.Coordinator.Keys;
using Dvt.Coordinator.Rounds;
using Dvt.Crypto.Bls;
using Dvt.Crypto.KeyRounds;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Directory;
using Dvt.Signer.Signing;
using Microsoft.Extensions.Logging;

namespace Dvt.Coordinator.Stages;

/// <summary>
/// The validator state machine of one coordinator: given a validator's chain state at the confirmed block, does this
/// operator's next step (make or claim the full key, set a solo key, deal, check deals and ack or complain, judge a
/// failed round and restart it, deposit, sign and confirm an exit) and brings its key files in line (keep the share
/// of the last completed round it holds, recompute it from the deals if the file is missing, delete the rest).
/// Every step is decided from chain state and checked against it before a transaction, so running it again after a
/// crash, a restart or a reorg resumes where the chain stands and never repeats a finished step.
/// </summary>
public sealed class ValidatorStage(
    CoordinatorConfig config,
    OperatorKeyStore keys,
    DvtRegistryContract registry,
    CoordinatorState state,
    RoundAssembler rounds,
    ChainSigningDirectory directory,
    BeaconNodeClient? beacon,
    Dvt.Coordinator.History.HistoryHandover handover,
    IDealFaultInjector dealFaults,
    ILogger logger)
{
    private const int MaxRestartsPerValidator = 5;
    private readonly ConcurrentDictionary<(ulong, string, uint), BlockNumber> sent = new();
    private readonly ConcurrentDictionary<ulong, int> restarts = new();
    private readonly ConcurrentDictionary<(ulong, uint), BlockNumber> failedSince = new();
    /// <summary>How long the owner waits for a complaint's ruling before restarting without one.</summary>
    private const ulong RulingWaitBlocks = 32;

    /// <summary>Brings one validator forward by every step this operator can take now.</summary>
    public async Task HandleAsync(RegistrySnapshot chain, BlockNumber at, ulong me, ulong validatorId, CancellationToken ct)
    {
        var v = await chain.ValidatorAsync(validatorId, ct).ConfigureAwait(false);
        if (v.Status == ValidatorStatus.None)
            return;
        var isOwner = v.Owner == me;

        if (v.Status == ValidatorStatus.Exited)
        {
            DeleteShares(validatorId, keep: null, "the validator exited");
            directory.Remove(validatorId);
            return;
        }
        if (v.Status == ValidatorStatus.ExitRequested)
        {
            // The validator still has duties until the beacon chain has exited it: every holder keeps its share and
            // keeps serving the key (also after a restart) until the registry records the confirmed exit.
            if (v.Kind == ValidatorKind.Dvt && v.CurrentRound != 0)
            {
                var current = await chain.RoundAsync(validatorId, v.CurrentRound, ct).ConfigureAwait(false);
                var completed = current.Status == RoundStatus.Completed ? current : await RoundAssembler.PreviousCompletedAsync(chain, validatorId, current.Round, ct).ConfigureAwait(false);
                var holds = v.Holders.Contains(me) && completed is not null && completed.Receivers.Contains(me);
                await PublishAsync(chain, v, completed, holds, me, at, ct).ConfigureAwait(false);
            }
            if (isOwner)
                await ExitAsync(v, at, ct).ConfigureAwait(false);
            return;
        }

        if (v.Kind is ValidatorKind.Solo or ValidatorKind.Staged)
        {
            DeleteShares(validatorId, keep: null, "the validator is solo");
            if (!isOwner)
            {
                directory.Remove(validatorId);
                return;
            }
            await SoloAsync(chain, v, at, me, ct).ConfigureAwait(false);
            return;
        }

        // Distributed. Complaints are judged whenever they are seen, even if the owner already restarted the round.
        await JudgePendingAsync(chain, v, me, at, ct).ConfigureAwait(false);
        // Holders still to be drawn: any holder makes the permissionless draw once it is due (the registry refuses a
        // second one, so a race between holders costs one refused call).
        if (v.PendingDraw != 0)
        {
            if (v.Holders.Contains(me) && at.Value + 1 >= v.PendingDraw)
                await SendOnceAsync(v.ValidatorId, "drawHolders", v.CurrentRound, at, () => registry.DrawHoldersAsync(v.ValidatorId, ct)).ConfigureAwait(false);
            return;
        }
        if (v.CurrentRound == 0)
            return;
        var round = await chain.RoundAsync(validatorId, v.CurrentRound, ct).ConfigureAwait(false);
        var lastCompleted = round.Status == RoundStatus.Completed ? round : await RoundAssembler.PreviousCompletedAsync(chain, validatorId, round.Round, ct).ConfigureAwait(false);
        var holding = v.Holders.Contains(me) && lastCompleted is not null && lastCompleted.Receivers.Contains(me);

        // Key files: the share of the last completed round held (recomputed if lost); the share being acked in an
        // open round; nothing else.
        uint? keepOpen = round.Status is RoundStatus.Dealing or RoundStatus.Acking && round.Receivers.Contains(me) ? round.Round : null;
        if (holding && keys.LoadShare(validatorId, lastCompleted!.Round) is null)
            await RecoverShareAsync(chain, v, lastCompleted, me, ct).ConfigureAwait(false);
        DeleteShares(validatorId, keep: [.. new[] { holding ? lastCompleted!.Round : (uint?)null, keepOpen }.Where(r => r is not null).Select(r => r!.Value)],
            holding ? "not a current share" : "this operator holds no share of it any more");

        switch (round.Status)
        {
            case RoundStatus.Dealing:
                if (round.Dealers.Contains(me) && !round.HasDealt(me))
                    await DealAsync(chain, v, round, lastCompleted, me, at, ct).ConfigureAwait(false);
                break;
            case RoundStatus.Acking:
                if (round.Receivers.Contains(me) && !round.HasAcked(me))
                    await CheckAndAckAsync(chain, v, round, me, at, ct).ConfigureAwait(false);
                else if (isOwner && round.Kind == RoundKind.Dkg)
                    await RecoverDkgFullKeyAsync(chain, v, round, ct).ConfigureAwait(false);
                break;
            case RoundStatus.Failed:
                if (isOwner)
                    await RestartAsync(chain, v, round, me, at, ct).ConfigureAwait(false);
                break;
        }

        await PublishAsync(chain, v, lastCompleted, holding, me, at, ct).ConfigureAwait(false);

        if (lastCompleted is not null && round.Status == RoundStatus.Completed)
        {
            if (isOwner && round.Kind == RoundKind.Dkg)
                await RecoverDkgFullKeyAsync(chain, v, round, ct).ConfigureAwait(false);
            if (isOwner && v.Status == ValidatorStatus.Ready)
                await DepositAsync(v, at, ct).ConfigureAwait(false);
        }
    }

    // ------------------------------------------------------------------ solo and staged

    private async Task SoloAsync(RegistrySnapshot chain, ValidatorView v, BlockNumber at, ulong me, CancellationToken ct)
    {
        var fullKey = FullKeyOf(v);
        if (fullKey is null)
        {
            logger.LogError("validator {Validator}: its key is set on chain but neither full-key.json nor a staged import of it is in {Folder}; this operator cannot sign for it",
                v.ValidatorId, keys.Paths.KeysFolder);
            return;
        }
        if (v.Status == ValidatorStatus.Requested)
        {
            await SendOnceAsync(v.ValidatorId, "setSoloPublicKey", 0, at,
                () => registry.SetSoloPublicKeyAsync(v.ValidatorId, fullKey.PublicKey.ToBytes(), ct)).ConfigureAwait(false);
            return;
        }
        if (v.Status == ValidatorStatus.Ready)
            await DepositAsync(v, at, ct).ConfigureAwait(false);
        if (v.Kind == ValidatorKind.Staged)
        {
            var me_ = await chain.OperatorAsync(me, ct, fresh: true).ConfigureAwait(false);
            var n = ThresholdScheme.For((ValidatorMode)v.Mode).ShareCount;
            var active = (ulong)(await registry.ActiveOperatorCountAsync(chain.Block, ct).ConfigureAwait(false));
            if (me_.Status == OperatorStatus.Active && active >= (ulong)n)
                await SendOnceAsync(v.ValidatorId, "promoteStaged", 0, at, () => registry.PromoteStagedAsync(v.ValidatorId, ct)).ConfigureAwait(false);
        }
        // A validator back from DVT: the full key signs again only after the chain time of its return.
        if (!await handover.ForFullKeyAsync(v, fullKey.PublicKey, at, ct).ConfigureAwait(false))
            return;
        directory.Put(new ValidatorSigningSet(v.ValidatorId, fullKey.PublicKey, new OperatorId(v.Owner), null, []), null);
    }

    /// <summary>
    /// The owner's full key of a validator: full-key.json; else, when the registry already has the key (an imported
    /// beacon validator), the staged import with that public key; else, for a new validator, the oldest staged import
    /// with its withdrawal credentials, or a fresh key. Null when the key is on chain but nowhere here.
    /// </summary>
    private BlsSecretKey? FullKeyOf(ValidatorView v)
    {
        if (keys.LoadFullKey(v.ValidatorId) is { } existing)
            return existing;
        if (v.PublicKey.Length != 0)
        {
            var imported = keys.StagedImports().FirstOrDefault(i => i.PublicKey.AsSpan().SequenceEqual(v.PublicKey));
            if (imported is null)
                return null;
            logger.LogInformation("validator {Validator}: takes the staged key {PublicKey} (matched by public key)", v.ValidatorId, imported.PublicKey);
            return keys.ClaimImport(imported, v.ValidatorId);
        }
        var credentials = "0x" + Convert.ToHexStringLower(v.WithdrawalCredentials.Bytes);
        var staged = keys.StagedImports().FirstOrDefault(i => i.WithdrawalCredentialsHex == credentials);
        if (staged is not null)
        {
            logger.LogInformation("validator {Validator}: takes the staged key {PublicKey}", v.ValidatorId, staged.PublicKey);
            return keys.ClaimImport(staged, v.ValidatorId);
        }
        using (var fresh = BlsSecretKey.Generate())
            keys.SaveFullKey(v.ValidatorId, fresh);
        logger.LogInformation("validator {Validator}: generated its full key", v.ValidatorId);
        return keys.LoadFullKey(v.ValidatorId)!;
    }

    // ------------------------------------------------------------------ dealing

    private async Task DealAsync(RegistrySnapshot chain, ValidatorView v, RoundView round, RoundView? lastCompleted, ulong me, BlockNumber at, CancellationToken ct)
    {
        var prepared = state.PreparedDeal(v.ValidatorId, round.Round);
        if (prepared is null)
        {
            var keyRound = await rounds.BuildAsync(chain, v, round, ct).ConfigureAwait(false);
            DealPayload payload;
            switch (round.Kind)
            {
                case RoundKind.Split:
                    var fullKey = FullKeyOf(v);
                    if (fullKey is null)
                    {
                        logger.LogError("validator {Validator}: must split its existing key but has neither full-key.json nor a staged import of it", v.ValidatorId);
                        return;
                    }
                    if (v.PublicKey.Length != 0 && !fullKey.PublicKey.Bytes.AsSpan().SequenceEqual(v.PublicKey))
                    {
                        logger.LogError("validator {Validator}: full-key.json is not the validator's key; refusing to deal it", v.ValidatorId);
                        return;
                    }
                    payload = KeyDealer.Deal(keyRound, me, fullKey);
                    break;
                case RoundKind.Dkg:
                    payload = KeyDealer.DealFresh(keyRound, me);
                    break;
                case RoundKind.Reshare:
                    var old = lastCompleted is null ? null : keys.LoadShare(v.ValidatorId, lastCompleted.Round);
                    if (old is null)
                    {
                        logger.LogError("validator {Validator} round {Round}: no share of round {Old} to reshare", v.ValidatorId, round.Round, lastCompleted?.Round);
                        return;
                    }
                    payload = KeyDealer.Deal(keyRound, me, old.Key);
                    break;
                default:
                    return;
            }
            var encrypted = payload.EncodeEncryptedShares();
            dealFaults.BeforeDealIsSaved(keyRound, round, encrypted);
            // Persisted before sending: after a crash the same deal goes out again, never a second, different one.
            state.SavePreparedDeal(v.ValidatorId, round.Round, payload.EncodeCommitments(), encrypted);
            prepared = state.PreparedDeal(v.ValidatorId, round.Round)!;
        }
        await SendOnceAsync(v.ValidatorId, "submitDeal", round.Round, at,
            () => registry.SubmitDealAsync(v.ValidatorId, round.Round, prepared.Commitments, prepared.EncryptedShares, ct)).ConfigureAwait(false);
    }

    // ------------------------------------------------------------------ receiving

    private async Task CheckAndAckAsync(RegistrySnapshot chain, ValidatorView v, RoundView round, ulong me, BlockNumber at, CancellationToken ct)
    {
        var deals = rounds.DealsIfComplete(round);
        if (deals is null)
            return; // the registry says they dealt; their events are not confirmed here yet
        var keyRound = await rounds.BuildAsync(chain, v, round, ct).ConfigureAwait(false);
        var selected = keyRound.SelectDealers(round.DealersWhoDealt);
        var shares = new Dictionary<ulong, Scalar>();
        foreach (var dealer in selected)
        {
            var deal = deals[dealer];
            using var check = ShareReceiver.Check(keyRound, dealer, deal.Commitments, deal.EncryptedShares, me, keys.ShareEncryptionKey);
            if (!check.Accepted)
            {
                logger.LogWarning("validator {Validator} round {Round}: the deal of operator {Dealer} is bad ({Problem}); complaining",
                    v.ValidatorId, round.Round, dealer, check.Problem);
                await SendOnceAsync(v.ValidatorId, "complain", round.Round, at,
                    () => registry.ComplainAsync(v.ValidatorId, round.Round, dealer, check.Complaint!.Encode(), ct)).ConfigureAwait(false);
                return;
            }
            shares[dealer] = check.Share;
        }
        var outcome = KeyRoundOutcome.Compute(keyRound, RoundAssembler.CommitmentsOf(keyRound, round, deals));
        using (var share = outcome.CombineShare(me, shares))
            keys.SaveShare(v.ValidatorId, round.Round, share);
        if (round.Kind == RoundKind.Dkg && v.Owner == me)
            await RecoverDkgFullKeyAsync(chain, v, round, ct).ConfigureAwait(false);
        await SendOnceAsync(v.ValidatorId, "ack", round.Round, at,
            () => registry.AckAsync(v.ValidatorId, round.Round, outcome.GroupPublicKey.ToBytes(), new Hash32(outcome.PublicSharesHash), ct)).ConfigureAwait(false);
    }

    /// <summary>The recovery path: a share the chain says this operator holds is recomputed from the round's deals.</summary>
    private async Task RecoverShareAsync(RegistrySnapshot chain, ValidatorView v, RoundView round, ulong me, CancellationToken ct)
    {
        var deals = rounds.DealsIfComplete(round);
        if (deals is null)
        {
            logger.LogWarning("validator {Validator}: share of round {Round} missing and its deals are not known yet", v.ValidatorId, round.Round);
            return;
        }
        var keyRound = await rounds.BuildAsync(chain, v, round, ct).ConfigureAwait(false);
        var shares = new Dictionary<ulong, Scalar>();
        foreach (var dealer in keyRound.SelectDealers(round.DealersWhoDealt))
        {
            using var check = ShareReceiver.Check(keyRound, dealer, deals[dealer].Commitments, deals[dealer].EncryptedShares, me, keys.ShareEncryptionKey);
            if (!check.Accepted)
            {
                logger.LogError("validator {Validator} round {Round}: cannot recompute the lost share: deal of {Dealer} is bad ({Problem})",
                    v.ValidatorId, round.Round, dealer, check.Problem);
                return;
            }
            shares[dealer] = check.Share;
        }
        var outcome = await rounds.OutcomeAsync(chain, v, round, ct).ConfigureAwait(false);
        using var share = outcome!.CombineShare(me, shares);
        keys.SaveShare(v.ValidatorId, round.Round, share);
        logger.LogWarning("validator {Validator}: share of round {Round} was missing; recomputed it from the deals on chain", v.ValidatorId, round.Round);
    }

    private async Task RecoverDkgFullKeyAsync(RegistrySnapshot chain, ValidatorView v, RoundView round, CancellationToken ct)
    {
        var existing = keys.LoadFullKey(v.ValidatorId);
        // A key the registry already has is never replaced; a key from an earlier, failed DKG round is.
        if (existing is not null && v.PublicKey.Length != 0 && existing.PublicKey.Bytes.AsSpan().SequenceEqual(v.PublicKey))
            return;
        var deals = rounds.DealsIfComplete(round);
        if (deals is null)
            return;
        var expected = await rounds.OutcomeAsync(chain, v, round, ct).ConfigureAwait(false);
        if (existing is not null && expected is not null && existing.PublicKey.Equals(expected.GroupPublicKey))
            return;
        var keyRound = await rounds.BuildAsync(chain, v, round, ct).ConfigureAwait(false);
        var payloads = keyRound.SelectDealers(round.DealersWhoDealt)
            .ToDictionary(d => d, d => DealPayload.Parse(keyRound, deals[d].Commitments, deals[d].EncryptedShares));
        using var key = DkgEscrow.RecoverValidatorKey(keyRound, payloads, keys.ShareEncryptionKey);
        var outcome = await rounds.OutcomeAsync(chain, v, round, ct).ConfigureAwait(false);
        if (outcome is not null && !outcome.GroupPublicKey.Equals(key.PublicKey))
        {
            logger.LogError("validator {Validator} round {Round}: the key rebuilt from the escrows is not the group key", v.ValidatorId, round.Round);
            return;
        }
        keys.SaveFullKey(v.ValidatorId, key);
        logger.LogInformation("validator {Validator}: rebuilt the full key from the DKG escrows", v.ValidatorId);
    }

    // ------------------------------------------------------------------ failures

    private async Task JudgePendingAsync(RegistrySnapshot chain, ValidatorView v, ulong me, BlockNumber at, CancellationToken ct)
    {
        foreach (var roundNumber in state.UnjudgedComplaintRounds(v.ValidatorId))
            await JudgeAsync(chain, v, await chain.RoundAsync(v.ValidatorId, roundNumber, ct).ConfigureAwait(false), me, at, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Judges each complaint of the round from its public evidence and, when this operator is one of the round's judges
    /// (a receiver other than the two parties) and the round is still the failed current one, posts the ruling: a strict
    /// majority of judges puts the fault on the dealer or the complainer, and the owner's restart replaces that member.
    /// </summary>
    private async Task JudgeAsync(RegistrySnapshot chain, ValidatorView v, RoundView round, ulong me, BlockNumber at, CancellationToken ct)
    {
        var judged = state.Rulings().Where(r => r.ValidatorId == v.ValidatorId && r.Round == round.Round).Select(r => r.ComplainerId).ToHashSet();
        var complaints = state.Complaints(v.ValidatorId, round.Round).Where(c => !judged.Contains(c.ComplainerId)).ToList();
        if (complaints.Count == 0)
            return;
        var deals = state.Deals(v.ValidatorId, round.Round).ToDictionary(d => d.DealerId);
        var keyRound = await rounds.BuildAsync(chain, v, round, ct).ConfigureAwait(false);
        foreach (var complaint in complaints)
        {
            if (!deals.TryGetValue(complaint.DealerId, out var deal))
                continue;
            var verdict = ComplaintJudge.Judge(keyRound, complaint.DealerId, deal.Commitments, deal.EncryptedShares, complaint.ComplainerId, complaint.Evidence);
            var atFault = verdict.Fault == ComplaintFault.Dealer ? complaint.DealerId : complaint.ComplainerId;
            logger.LogWarning("validator {Validator} round {Round}: complaint of operator {Complainer} against dealer {Dealer} judged: operator {AtFault} at fault ({Fault}: {Reason})",
                v.ValidatorId, round.Round, complaint.ComplainerId, complaint.DealerId, atFault, verdict.Fault, verdict.Reason);
            Metrics?.Rulings.WithLabels(verdict.Fault.ToString()).Inc();
            var isJudge = round.Receivers.Contains(me) && me != complaint.ComplainerId && me != complaint.DealerId;
            if (isJudge && round.Status == RoundStatus.Failed && v.CurrentRound == round.Round && v.PendingDraw == 0)
                await SendOnceAsync(v.ValidatorId, "judgeComplaint", round.Round, at,
                    () => registry.JudgeComplaintAsync(v.ValidatorId, round.Round, verdict.Fault == ComplaintFault.Dealer, ct)).ConfigureAwait(false);
            state.SaveRuling(new ComplaintRuling(v.ValidatorId, round.Round, complaint.ComplainerId, complaint.DealerId, verdict.Fault.ToString(), verdict.Reason));
        }
    }

    /// <summary>
    /// Restarts a failed round. A complaint is given time to be judged first (the ruling decides who gives up its place),
    /// but not forever: judges that stay silent for <see cref="RulingWaitBlocks"/> blocks do not block the validator. An
    /// owner judged at fault cannot restart (the registry refuses): it is told to convert to solo or exit.
    /// </summary>
    private async Task RestartAsync(RegistrySnapshot chain, ValidatorView v, RoundView round, ulong me, BlockNumber at, CancellationToken ct)
    {
        if (round.Kind != RoundKind.Reshare)
        {
            var faults = await registry.GetRoundFaultsAsync(v.ValidatorId, round.Round, chain.Block, ct).ConfigureAwait(false);
            var atFault = faults.AtFault.Select((f, i) => (f, i)).Where(x => x.f).Select(x => round.Receivers[x.i]).ToList();
            if (atFault.Contains(me))
            {
                logger.LogError("validator {Validator} round {Round}: this operator (the owner) was judged at fault; the registry will not restart it: convert it to solo or exit it",
                    v.ValidatorId, round.Round);
                return;
            }
            var firstSeen = failedSince.GetOrAdd((v.ValidatorId, round.Round), at);
            if (faults.Complainer != 0 && atFault.Count == 0 && at.Value < firstSeen.Value + RulingWaitBlocks)
                return;
            if (atFault.Count > 0)
                logger.LogWarning("validator {Validator} round {Round}: restarting without operator(s) {AtFault}, judged at fault; replacements are drawn",
                    v.ValidatorId, round.Round, string.Join(", ", atFault));
        }
        if (restarts.GetValueOrDefault(v.ValidatorId) >= MaxRestartsPerValidator)
        {
            logger.LogError("validator {Validator}: round {Round} failed and {Max} restarts were already made by this process; not restarting again",
                v.ValidatorId, round.Round, MaxRestartsPerValidator);
            return;
        }
        if (await SendOnceAsync(v.ValidatorId, "restartRound", round.Round, at, () => registry.RestartRoundAsync(v.ValidatorId, ct)).ConfigureAwait(false))
            restarts.AddOrUpdate(v.ValidatorId, 1, (_, n) => n + 1);
    }

    // ------------------------------------------------------------------ deposit and exit

    /// <summary>Set by the host once /metrics is served.</summary>
    public CoordinatorMetrics? Metrics { get; set; }

    /// <summary>The signer's pipeline once it runs (the host sets it): deposits of distributed validators are threshold-signed.</summary>
    public ValidatorSigner? Signer { get; set; }

    private async Task DepositAsync(ValidatorView v, BlockNumber at, CancellationToken ct)
    {
        var fullKey = keys.LoadFullKey(v.ValidatorId);
        if (fullKey is null || !fullKey.PublicKey.Bytes.AsSpan().SequenceEqual(v.PublicKey))
        {
            logger.LogError("validator {Validator}: cannot deposit: no full key matching the registered public key", v.ValidatorId);
            return;
        }
        var message = DepositMessages.Message(v.PublicKey, v.WithdrawalCredentials.Bytes);
        var signature = await ThresholdDepositSignatureAsync(v, message, ct).ConfigureAwait(false);
        if (signature is null)
        {
            if (depositAttempts.AddOrUpdate(v.ValidatorId, 1, (_, n) => n + 1) <= ThresholdDepositAttempts && v.Kind == ValidatorKind.Dvt)
            {
                state.MarkTouched(v.ValidatorId); // the holders may not list the key yet: ask again next pass
                return;
            }
            // A deposit is not slashable and the owner holds the full key (split source, DKG escrow, or solo key):
            // when the holders do not answer, or the validator is solo, the owner signs it alone.
            signature = DepositMessages.SignDeposit(fullKey, message, config.GenesisForkVersion);
            logger.LogInformation("validator {Validator}: deposit signed with the owner's full key", v.ValidatorId);
        }
        var root = DepositMessages.DepositDataRoot(message, signature);
        await SendOnceAsync(v.ValidatorId, "deposit", 0, at, () => registry.DepositAsync(v.ValidatorId, v.PublicKey, signature, new Hash32(root), ct)).ConfigureAwait(false);
    }

    private readonly ConcurrentDictionary<ulong, bool> exitsSubmitted = new();
    private const int ThresholdDepositAttempts = 20;
    private readonly ConcurrentDictionary<ulong, int> depositAttempts = new();

    /// <summary>
    /// A DEPOSIT request through the signer's threshold path (partials from t holders over the peer API, combined and
    /// verified); null when the signer is not running, the validator is solo, or t partials did not come.
    /// </summary>
    private Task<byte[]?> ThresholdDepositSignatureAsync(ValidatorView v, DepositMessage message, CancellationToken ct)
    {
        var root = DepositMessages.SigningRoot(message, config.GenesisForkVersion);
        return ThresholdSignatureAsync(v, "deposit", root, DepositMessages.Web3SignerBody(message, config.GenesisForkVersion, root), ct);
    }

    /// <summary>
    /// A request through the signer's threshold path; the signature only when it came from t holders' partials
    /// and verifies under the validator key, else null (no signer, solo validator, or too few partials).
    /// </summary>
    private async Task<byte[]?> ThresholdSignatureAsync(ValidatorView v, string duty, Root root, byte[] body, CancellationToken ct)
    {
        if (Signer is null || v.Kind != ValidatorKind.Dvt || directory.ByValidatorId(v.ValidatorId) is not { IsSolo: false } set)
            return null;
        var request = SignRequestParser.Parse(body, config.Preset);
        var outcome = await Signer.SignAsync(set, request, root, body, ct).ConfigureAwait(false);
        if (outcome is SignOutcome.Approved { Path: SigningPath.Threshold } approved && set.PublicKey.Verify(root.AsSpan(), approved.Signature))
        {
            logger.LogInformation("validator {Validator}: {Duty} signed through the threshold path", v.ValidatorId, duty);
            return approved.Signature.ToBytes();
        }
        logger.LogInformation("validator {Validator}: threshold {Duty} signature not obtained ({Outcome})", v.ValidatorId, duty, outcome);
        return null;
    }

    /// <summary>
    /// The owner's side of a requested exit: sign the voluntary exit (threshold path, else the owner's full key: an
    /// exit is not slashable), submit it to the beacon node, and confirm the exit on chain only once the beacon node
    /// reports the validator exited_* or withdrawal_*; until then the holders keep signing its duties. Without a
    /// beacon node nothing is confirmed: the exit could neither be submitted nor be seen to happen.
    /// </summary>
    private async Task ExitAsync(ValidatorView v, BlockNumber at, CancellationToken ct)
    {
        if (beacon is null)
        {
            if (exitRefusalsLogged.TryAdd(v.ValidatorId, true))
                logger.LogError("validator {Validator}: its exit is requested, but this coordinator has no beaconNodeUrl to submit the voluntary exit to " +
                    "or to watch the validator leave through; the exit is not confirmed on chain until beaconNodeUrl is set", v.ValidatorId);
            return;
        }
        var onBeacon = await beacon.ValidatorAsync(v.PublicKey, ct).ConfigureAwait(false);
        if (onBeacon is null)
        {
            logger.LogWarning("validator {Validator}: the beacon node does not know its key yet; its exit waits", v.ValidatorId);
            state.MarkTouched(v.ValidatorId);
            return;
        }
        if (onBeacon.HasLeft)
        {
            logger.LogInformation("validator {Validator}: the beacon node reports index {Index} {Status}; confirming the exit on chain", v.ValidatorId, onBeacon.Index, onBeacon.Status);
            await SendOnceAsync(v.ValidatorId, "confirmValidatorExit", 0, at, () => registry.ConfirmValidatorExitAsync(v.ValidatorId, ct)).ConfigureAwait(false);
            return;
        }
        // Submitted once per process (a beacon node takes the same exit again without harm, e.g. after a restart);
        // not again once the beacon chain shows the exit under way.
        if (!onBeacon.IsExiting && !exitsSubmitted.ContainsKey(v.ValidatorId))
        {
            var exit = new VoluntaryExit(new Epoch(config.ExitEpoch), new ValidatorIndex(onBeacon.Index));
            var forkInfo = CurrentForkInfo();
            var root = SigningRoots.For(config.Network).VoluntaryExit(forkInfo, exit);
            var signature = await ThresholdSignatureAsync(v, "voluntary exit", root, DepositMessages.ExitWeb3SignerBody(exit, forkInfo, root), ct).ConfigureAwait(false);
            // The holders judge the exit at their own confirmed block, which may not show the request yet: ask them again
            // on the next passes before the owner's full key signs it alone (allowed: an exit is not slashable).
            if (signature is null && v.Kind == ValidatorKind.Dvt && exitThresholdAttempts.AddOrUpdate(v.ValidatorId, 1, (_, n) => n + 1) < ThresholdExitAttempts)
            {
                state.MarkTouched(v.ValidatorId);
                return;
            }
            if (signature is null && keys.LoadFullKey(v.ValidatorId) is { } fullKey)
                signature = fullKey.Sign(root.AsSpan()).ToBytes();
            if (signature is null)
            {
                logger.LogWarning("validator {Validator}: its holders did not sign the voluntary exit and this operator has no full key; asking again", v.ValidatorId);
                state.MarkTouched(v.ValidatorId);
                return;
            }
            await beacon.SubmitVoluntaryExitAsync(config.ExitEpoch, onBeacon.Index, signature, ct).ConfigureAwait(false);
            exitsSubmitted[v.ValidatorId] = true;
            logger.LogInformation("validator {Validator}: voluntary exit of index {Index} submitted to the beacon node; shares are kept until it has exited", v.ValidatorId, onBeacon.Index);
        }
        state.MarkTouched(v.ValidatorId); // look at the beacon node again next pass
    }

    private readonly ConcurrentDictionary<ulong, bool> exitRefusalsLogged = new();

    /// <summary>Passes on which the owner asks the holders for a voluntary exit before its full key signs it alone.</summary>
    private const int ThresholdExitAttempts = 5;

    private readonly ConcurrentDictionary<ulong, int> exitThresholdAttempts = new();

    /// <summary>The fork_info a current client would send now: the fork active at this epoch of the network's clock, and the one before it.</summary>
    private ForkInfo CurrentForkInfo()
    {
        var network = config.Network;
        var epoch = network.EpochAtTime((ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds()) ?? new Epoch(0);
        var current = network.Forks.ActiveAt(epoch);
        var previous = current.Fork == ConsensusFork.Phase0 ? current : network.Forks[current.Fork - 1];
        return new ForkInfo(new Fork(previous.Version, current.Version, current.Epoch ?? new Epoch(0)), config.GenesisValidatorsRoot);
    }

    // ------------------------------------------------------------------ signing directory

    private async Task PublishAsync(RegistrySnapshot chain, ValidatorView v, RoundView? lastCompleted, bool holding, ulong me, BlockNumber at, CancellationToken ct)
    {
        if (v.PublicKey.Length == 0 || lastCompleted is null || !(holding || v.Owner == me))
        {
            directory.Remove(v.ValidatorId);
            return;
        }
        var outcome = await rounds.OutcomeAsync(chain, v, lastCompleted, ct).ConfigureAwait(false);
        if (outcome is null)
            return;
        // The validator's history reaches this holder (moved from share keys, low watermark of its receipt) before it signs.
        if (holding && !await handover.ForShareAsync(chain, v, lastCompleted, outcome.GroupPublicKey, me, at, ct).ConfigureAwait(false))
        {
            directory.Remove(v.ValidatorId);
            return;
        }
        var holders = lastCompleted.Receivers.Select((op, i) => new ShareHolder(new OperatorId(op), outcome.PublicShares[i])).ToArray();
        directory.Put(new ValidatorSigningSet(v.ValidatorId, outcome.GroupPublicKey, new OperatorId(v.Owner),
            new ThresholdScheme(lastCompleted.Threshold, lastCompleted.Receivers.Count), holders), holding ? lastCompleted.Round : null);
    }

    // ------------------------------------------------------------------ helpers

    private void DeleteShares(ulong validatorId, IReadOnlyCollection<uint>? keep, string why)
    {
        foreach (var round in keys.ShareRounds(validatorId))
        {
            if (keep is not null && keep.Contains(round))
                continue;
            if (keys.DeleteShare(validatorId, round))
                logger.LogInformation("validator {Validator}: deleted the share of round {Round} ({Why})", validatorId, round, why);
        }
    }

    /// <summary>
    /// Sends a transaction unless the same step was sent and mined at a block the snapshot has not reached yet (the
    /// view cannot show it). A refusal by the contract is logged: the next look at the chain decides again.
    /// </summary>
    private async Task<bool> SendOnceAsync(ulong validatorId, string step, uint round, BlockNumber at, Func<Task<Dvt.ContractBindings.Rpc.TransactionReceipt>> send)
    {
        if (sent.TryGetValue((validatorId, step, round), out var minedAt) && minedAt > at)
            return false;
        try
        {
            var receipt = await send().ConfigureAwait(false);
            sent[(validatorId, step, round)] = receipt.BlockNumber;
            Metrics?.Transactions.WithLabels(step).Inc();
            logger.LogInformation("validator {Validator}: {Step}{Round} mined in block {Block}", validatorId, step, round == 0 ? "" : $" (round {round})", receipt.BlockNumber);
            return true;
        }
        catch (ContractRevertException e)
        {
            logger.LogInformation("validator {Validator}: {Step} refused by the registry ({Reason}); will look again", validatorId, step, e.Message);
            Metrics?.Refusals.WithLabels(step).Inc();
            state.MarkTouched(validatorId);
            return false;
        }
    }
}
