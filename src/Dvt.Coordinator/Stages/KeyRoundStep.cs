using System.Collections.Concurrent;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.Coordinator.Chain;
using Dvt.Coordinator.Keys;
using Dvt.Coordinator.Rounds;
using Dvt.Coordinator.SignerHosting;
using Dvt.Crypto.Bls;
using Dvt.Crypto.KeyRounds;
using Microsoft.Extensions.Logging;

namespace Dvt.Coordinator.Stages;

/// <summary>
/// This operator's part in a distributed validator's key rounds: draw the holders, deal (persisted before it is sent),
/// check the deals and ack or complain, judge complaints, and, as the owner, restart a failed round.
/// </summary>
public sealed class KeyRoundStep(
    OperatorKeyStore keys,
    DvtRegistryContract registry,
    CoordinatorState state,
    RoundAssembler rounds,
    KeyFileStep keyFiles,
    RegistryStepSender sender,
    IDealFaultInjector dealFaults,
    CoordinatorMetrics metrics,
    ILogger logger)
{
    private const int MaxRestartsPerValidator = 5;
    private readonly ConcurrentDictionary<ulong, int> restarts = new();
    private readonly ConcurrentDictionary<(ulong, uint), BlockNumber> failedSince = new();
    /// <summary>How long the owner waits for a complaint's ruling before restarting without one.</summary>
    private const ulong RulingWaitBlocks = 32;

    /// <summary>The permissionless draw of the validator's holders, once it is due.</summary>
    public Task DrawHoldersAsync(ValidatorPass pass, CancellationToken ct)
    {
        var v = pass.Validator;
        return sender.SendOnceAsync(v.ValidatorId, "drawHolders", v.CurrentRound, pass.At, () => registry.DrawHoldersAsync(v.ValidatorId, ct));
    }

    public async Task DealAsync(RegistrySnapshot chain, ValidatorView v, RoundView round, RoundView? lastCompleted, ulong me, BlockNumber at, CancellationToken ct)
    {
        var prepared = state.PreparedDeal(v.ValidatorId, round.Round);
        if (prepared is null)
        {
            var keyRound = await rounds.BuildAsync(chain, v, round, ct).ConfigureAwait(false);
            DealPayload payload;
            switch (round.Kind)
            {
                case RoundKind.Split:
                    var fullKey = keyFiles.FullKeyOf(v);
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
        await sender.SendOnceAsync(v.ValidatorId, "submitDeal", round.Round, at,
            () => registry.SubmitDealAsync(v.ValidatorId, round.Round, prepared.Commitments, prepared.EncryptedShares, ct)).ConfigureAwait(false);
    }

    public async Task CheckAndAckAsync(RegistrySnapshot chain, ValidatorView v, RoundView round, ulong me, BlockNumber at, CancellationToken ct)
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
                await sender.SendOnceAsync(v.ValidatorId, "complain", round.Round, at,
                    () => registry.ComplainAsync(v.ValidatorId, round.Round, dealer, check.Complaint!.Encode(), ct)).ConfigureAwait(false);
                return;
            }
            shares[dealer] = check.Share;
        }
        var outcome = KeyRoundOutcome.Compute(keyRound, RoundAssembler.CommitmentsOf(keyRound, round, deals));
        using (var share = outcome.CombineShare(me, shares))
            keys.SaveShare(v.ValidatorId, round.Round, share);
        if (round.Kind == RoundKind.Dkg && v.Owner == me)
            await keyFiles.RecoverDkgFullKeyAsync(chain, v, round, ct).ConfigureAwait(false);
        await sender.SendOnceAsync(v.ValidatorId, "ack", round.Round, at,
            () => AckAsync(v.ValidatorId, round.Round, outcome.GroupPublicKey.ToBytes(), new Hash32(outcome.PublicSharesHash), ct)).ConfigureAwait(false);
    }

    /// <summary>
    /// The last ack of a round completes it (<c>_completeRound</c>: the key, its block, the status), which a 3-of-4 round
    /// measured at 87,600 gas against 46,000 for an ack that is not the last. The receivers ack at once, so an estimate
    /// made while another ack is still unmined prices the cheap path, and the ack that lands last ran out of gas (100 of
    /// 1,200 acks at 300 validators): the gas limit is at least <see cref="AckGasFloor"/>. Unused gas is not paid for.
    /// </summary>
    private async Task<Dvt.ContractBindings.Rpc.TransactionReceipt> AckAsync(ulong validatorId, uint round, byte[] groupPublicKey, Hash32 publicSharesHash, CancellationToken ct)
    {
        var transactions = registry.Sender ?? throw new InvalidOperationException("the registry binding has no transaction sender");
        var data = Nethereum.Contracts.FunctionMessageExtensions.GetCallData(new DvtRegistryContract.Dto.AckFunction
        {
            ValidatorId = validatorId, Round = round, GroupPublicKey = groupPublicKey, PublicSharesHash = publicSharesHash.ToArray(),
        });
        var request = new Dvt.ContractBindings.Transactions.TransactionRequest(registry.Address, data);
        var gas = Math.Max(await transactions.EstimateAsync(request, registry, ct).ConfigureAwait(false), AckGasFloor);
        return await transactions.SendAsync(request with { GasLimit = gas }, registry, ct).ConfigureAwait(false);
    }

    private const ulong AckGasFloor = 150_000;

    public async Task JudgePendingAsync(RegistrySnapshot chain, ValidatorView v, ulong me, BlockNumber at, CancellationToken ct)
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
            metrics.Rulings.WithLabels(verdict.Fault.ToString()).Inc();
            var isJudge = round.Receivers.Contains(me) && me != complaint.ComplainerId && me != complaint.DealerId;
            if (isJudge && round.Status == RoundStatus.Failed && v.CurrentRound == round.Round && v.PendingDraw == 0)
                await sender.SendOnceAsync(v.ValidatorId, "judgeComplaint", round.Round, at,
                    () => registry.JudgeComplaintAsync(v.ValidatorId, round.Round, verdict.Fault == ComplaintFault.Dealer, ct)).ConfigureAwait(false);
            state.SaveRuling(new ComplaintRuling(v.ValidatorId, round.Round, complaint.ComplainerId, complaint.DealerId, verdict.Fault.ToString(), verdict.Reason));
        }
    }

    /// <summary>
    /// Restarts a failed round. A complaint is given time to be judged first (the ruling decides who gives up its place),
    /// but not forever: judges that stay silent for <see cref="RulingWaitBlocks"/> blocks do not block the validator. An
    /// owner judged at fault cannot restart (the registry refuses): it is told to convert to solo or exit.
    /// </summary>
    public async Task RestartAsync(RegistrySnapshot chain, ValidatorView v, RoundView round, ulong me, BlockNumber at, CancellationToken ct)
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
        if (await sender.SendOnceAsync(v.ValidatorId, "restartRound", round.Round, at, () => registry.RestartRoundAsync(v.ValidatorId, ct)).ConfigureAwait(false))
            restarts.AddOrUpdate(v.ValidatorId, 1, (_, n) => n + 1);
    }
}
