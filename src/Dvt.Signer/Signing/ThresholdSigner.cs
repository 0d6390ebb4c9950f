using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing.Web3Signer;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Directory;
using Dvt.Signer.Observability;
using Dvt.Signer.Peer;
using Microsoft.Extensions.Logging;

namespace Dvt.Signer.Signing;

/// <summary>
/// Threshold signing as one exchange per (validator, signing root) among the holders. A holder that signs a root (its
/// lifecycle rules, the decided-value gate and its slashing check passed) pushes its partial to every other holder it
/// has not sent it to; a holder receiving a push keeps it, signs its own partial under the same checks, answers with it
/// (unless it pushed it already) and pushes it on to the rest. Each holder so sends its partial to each other holder at
/// most once per root, and combines when a validator client of its own asks and it holds t partials, its own check
/// passed (optimistically: the combination is verified, each partial only if that fails; <see cref="PartialExchange"/>). A second request for the root, from a validator client or a peer, joins the exchange instead of starting
/// another. Lifecycle messages (deposit, exit, builder registration) are judged afresh on every request and take a
/// one-off exchange that is not shared.
/// </summary>
public sealed class ThresholdSigner(
    SignerOptions options,
    ShareSigner shareSigner,
    PartialPushQueue pushes,
    IPartialCombiner combiner,
    PartialExchanges exchanges,
    PartialFailureReport failures,
    SignerMetrics metrics,
    ILogger<ThresholdSigner> logger) : IPartialSignatureExchange
{
    /// <summary>A local validator client's request: join (or start) the root's exchange and wait for t partials or the deadline.</summary>
    public async Task<ThresholdAttempt> SignAsync(
        ValidatorSigningSet set, SignRequest request, Root signingRoot, ReadOnlyMemory<byte> web3SignerBody, CancellationToken cancellationToken)
    {
        var scheme = set.Scheme ?? throw new ArgumentException("a solo validator has no threshold scheme", nameof(set));
        var shared = !IsLifecycle(request.Type);
        var exchange = shared ? exchanges.GetOrAdd(set, signingRoot) : new PartialExchange(set, signingRoot, System.Diagnostics.Stopwatch.GetTimestamp(), combiner);
        var remote = set.Holders.Where(h => h.Operator != options.LocalOperator).ToList();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.DeadlineFor(request.Type));
        var own = await exchange.OwnAsync(() => shareSigner.SignAsync(set, request, signingRoot, cancellationToken));
        PartialSignature? ownPartial = null;
        switch (own)
        {
            case PartialResult.Refused refused:
                Drop(exchange, shared);
                return new ThresholdAttempt(null, [], [], refused.Evidence);
            case PartialResult.Forbidden forbidden:
                Drop(exchange, shared);
                return new ThresholdAttempt(null, [], [], null, forbidden.Refusal);
            case PartialResult.NotDecided notDecided:
                Drop(exchange, shared);
                return new ThresholdAttempt(null, [], [], null, notDecided.Reason);
            case PartialResult.Signed signed:
                ownPartial = signed.Partial;
                break;
            case PartialResult.NoShare noShare:
                logger.LogDebug("No local partial for validator {ValidatorId}: {Reason}", set.ValidatorId, noShare.Reason);
                exchange.AllowCombiningWithoutOwnPartial();
                break;
        }

        Spread(exchange, request.Type, web3SignerBody, ownPartial, except: null, everyHolder: !shared);
        while (true)
        {
            var changed = exchange.Changed();
            if (await exchange.TryCombineAsync(f => failures.Report(set, f)) is { } combined)
                return new ThresholdAttempt(combined, exchange.Recorded(), exchange.Failures(), null);
            if (exchange.Settled(remote))
                break;
            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        // No combined signature vouches for the partials held: the recovery key's quorum counts only those that verify.
        exchange.VerifyPending(f => failures.Report(set, f));
        // Holders that had not delivered by the deadline count as timeouts in the decision as well.
        var failed = exchange.Failures().ToList();
        var recorded = exchange.Recorded();
        foreach (var holder in remote)
        {
            if (!recorded.Contains(holder.Operator) && failed.All(f => f.Holder.Operator != holder.Operator))
                failed.Add(new HolderReply.Failure(holder, PartialFailureReason.Timeout, "no partial before the deadline"));
        }
        exchange.ForgetUndelivered();
        return new ThresholdAttempt(null, recorded, failed, null);
    }

    /// <summary>
    /// Another holder's request for the root (its partial, when it carries one, checked by the caller for the asker's
    /// share index; the exchange verifies it if it is ever combined): joins the exchange, signs this holder's own partial under every check (at most once per root)
    /// and pushes it to the holders that do not have it yet. Returns this holder's result and whether the asker still
    /// needs the partial in the answer.
    /// </summary>
    public async Task<(PartialResult Own, bool AnswerWithPartial)> JoinAsync(
        ValidatorSigningSet set, SignRequest request, Root signingRoot, ReadOnlyMemory<byte> web3SignerBody,
        OperatorId asker, PartialSignature? askerPartial)
    {
        var shared = !IsLifecycle(request.Type);
        var exchange = shared ? exchanges.GetOrAdd(set, signingRoot) : new PartialExchange(set, signingRoot, System.Diagnostics.Stopwatch.GetTimestamp(), combiner);
        if (askerPartial is not null && exchange.Add(asker, askerPartial, verified: false) is { } bad)
            failures.Report(set, bad);
        // Once the check starts it finishes even if the asker hangs up: a recorded message must come with its partial.
        var own = await exchange.OwnAsync(() => shareSigner.SignAsync(set, request, signingRoot, CancellationToken.None));
        if (own is not PartialResult.Signed signed)
        {
            if (own is not PartialResult.NoShare)
                Drop(exchange, shared);
            return (own, false);
        }
        var answer = !shared || exchange.MarkAnswered(asker);
        if (answer)
            metrics.CountPartialSent(asker);
        if (shared)
        {
            // After the answer, not before it: the asker is waiting, the spread (a signed header per holder) is not urgent.
            var body = web3SignerBody.ToArray();
            _ = Task.Run(() =>
            {
                try
                {
                    // No combination here: it costs a verification, and only a validator client of this holder's own needs it.
                    Spread(exchange, request.Type, body, signed.Partial, except: asker, everyHolder: false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    logger.LogError("Spreading the partial of validator {ValidatorId} failed: {Problem}", set.ValidatorId, e.Message);
                }
            });
        }
        return (own, answer);
    }

    /// <summary>A holder pushed a partial that does not verify: counted and logged as a bad partial, and in the root's exchange (if any) as that holder's failure.</summary>
    public void ReportBadPush(ValidatorSigningSet set, Root signingRoot, ShareHolder holder, string detail)
    {
        var failure = new HolderReply.Failure(holder, PartialFailureReason.BadPartial, detail);
        exchanges.Find(set, signingRoot)?.Fail(failure);
        failures.Report(set, failure);
    }

    /// <summary>
    /// Sends the request (with this holder's partial, if it has one) to every other holder not yet sent it, in the
    /// background until the type's deadline; the answers' partials, refusals and failures go into the exchange.
    /// </summary>
    private void Spread(
        PartialExchange exchange, SignRequestType type, ReadOnlyMemory<byte> web3SignerBody, PartialSignature? ownPartial,
        OperatorId? except, bool everyHolder)
    {
        var set = exchange.Set;
        var targets = set.Holders
            .Where(h => h.Operator != options.LocalOperator && h.Operator != except)
            .Where(h => everyHolder || exchange.TryMarkPushed(h.Operator))
            .ToList();
        if (targets.Count == 0)
            return;
        var item = PartialSignatureMessages.EncodeRequest(set.PublicKey, web3SignerBody.Span, ownPartial);
        // The pushes outlive the request that started them: other clients, and the other holders, gain from them.
        var deadline = new CancellationTokenSource(options.DeadlineFor(type));
        var sent = targets.Select(holder =>
        {
            if (ownPartial is not null)
                metrics.CountPartialSent(holder.Operator);
            // Batched per holder (PartialPushQueue); each batch gets its own headers, whose signed digest names the recipient.
            return PushAsync(exchange, holder, item, deadline.Token);
        }).ToArray();
        _ = Task.WhenAll(sent).ContinueWith(_ => deadline.Dispose(), TaskScheduler.Default);
    }

    private async Task PushAsync(PartialExchange exchange, ShareHolder holder, byte[] item, CancellationToken deadline)
    {
        var set = exchange.Set;
        HolderReply reply;
        var asked = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            reply = await pushes.PushAsync(holder, item, deadline);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            reply = new HolderReply.Failure(holder, PartialFailureReason.Error, e.Message);
        }
        metrics.RecordPeerAnswer(holder.Operator, reply, System.Diagnostics.Stopwatch.GetElapsedTime(asked));
        switch (reply)
        {
            case HolderReply.PartialReceived received:
                if (exchange.Add(holder.Operator, received.Partial, verified: false) is { } bad)
                    failures.Report(set, bad);
                break;
            case HolderReply.AlreadyPushed:
                break;
            case HolderReply.Failure failure:
                exchange.Fail(failure);
                failures.Report(set, failure);
                break;
        }
    }

    private void Drop(PartialExchange exchange, bool shared)
    {
        if (shared)
            exchanges.Forget(exchange);
    }

    private static bool IsLifecycle(SignRequestType type)
        => type is SignRequestType.Deposit or SignRequestType.VoluntaryExit or SignRequestType.ValidatorRegistration;
}
