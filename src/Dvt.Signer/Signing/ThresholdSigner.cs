using System.Threading.Channels;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing.Web3Signer;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Directory;
using Dvt.Signer.Observability;
using Dvt.Signer.Peer;
using Microsoft.Extensions.Logging;

namespace Dvt.Signer.Signing;

/// <summary>
/// The asker's side of threshold signing: sends the request to every other holder at once, signs its own partial
/// locally meanwhile, and combines the first t partials that verify as soon as they are in (without waiting for
/// the rest). Holders still answering after that finish in the background until the deadline cancels them.
/// </summary>
public sealed class ThresholdSigner(
    SignerOptions options,
    ShareSigner shareSigner,
    PartialSignatureClient client,
    PeerRequestSigner requestSigner,
    SignerMetrics metrics,
    ILogger<ThresholdSigner> logger)
{
    public async Task<ThresholdAttempt> SignAsync(
        ValidatorSigningSet set, SignRequest request, Root signingRoot, ReadOnlyMemory<byte> web3SignerBody, CancellationToken cancellationToken)
    {
        var scheme = set.Scheme ?? throw new ArgumentException("a solo validator has no threshold scheme", nameof(set));
        var local = options.LocalOperator;
        var remote = set.Holders.Where(h => h.Operator != local).ToList();
        var root = signingRoot.ToArray();
        var body = PartialSignatureMessages.EncodeRequest(set.PublicKey, web3SignerBody.Span);

        // The deadline outlives this call: holders still answering keep it until they finish or it fires.
        var deadline = new SharedDeadline(cancellationToken, options.DeadlineFor(request.Type));
        var replies = Channel.CreateUnbounded<HolderReply>(new UnboundedChannelOptions { SingleReader = true });
        // Each holder gets its own headers: the signed digest names the recipient, so no holder can replay them to another.
        var asks = remote.Select(holder => AskAsync(set, holder, body,
            requestSigner.CreateHeaders(holder.Operator, "POST", PartialSignatureMessages.Path, body), root, replies.Writer, deadline.Token)).ToArray();
        _ = Task.WhenAll(asks).ContinueWith(_ => deadline.Release(), TaskScheduler.Default);
        try
        {
            return await CollectAsync(set, scheme, request, signingRoot, remote, replies.Reader, deadline.Token, cancellationToken);
        }
        finally
        {
            deadline.Release();
        }
    }

    private async Task<ThresholdAttempt> CollectAsync(
        ValidatorSigningSet set, ThresholdScheme scheme, SignRequest request, Root signingRoot, List<ShareHolder> remote,
        ChannelReader<HolderReply> replies, CancellationToken deadline, CancellationToken cancellationToken)
    {
        var local = options.LocalOperator;

        var good = new List<PartialSignature>(scheme.Threshold);
        var recorded = new List<OperatorId>();
        var failures = new List<HolderReply.Failure>();
        var own = await shareSigner.SignAsync(set, request, signingRoot, cancellationToken);
        switch (own)
        {
            case PartialResult.Refused refused:
                return new ThresholdAttempt(null, recorded, failures, refused.Evidence);
            case PartialResult.Forbidden forbidden:
                return new ThresholdAttempt(null, recorded, failures, null, forbidden.Refusal);
            case PartialResult.NotDecided notDecided:
                return new ThresholdAttempt(null, recorded, failures, null, notDecided.Reason);
            case PartialResult.Signed signed:
                good.Add(signed.Partial);
                recorded.Add(local);
                break;
            case PartialResult.NoShare noShare:
                logger.LogDebug("No local partial for validator {ValidatorId}: {Reason}", set.ValidatorId, noShare.Reason);
                break;
        }

        var pending = remote.Count;
        while (good.Count < scheme.Threshold && pending > 0)
        {
            HolderReply reply;
            try
            {
                reply = await replies.ReadAsync(deadline);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }
            pending--;
            switch (reply)
            {
                case HolderReply.GoodPartial partial:
                    good.Add(partial.Partial);
                    recorded.Add(partial.Holder.Operator);
                    break;
                case HolderReply.Failure failure:
                    failures.Add(failure);
                    break;
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        // Holders that had not answered by the deadline count as timeouts in the decision as well.
        if (good.Count < scheme.Threshold)
        {
            foreach (var holder in remote)
            {
                if (!recorded.Contains(holder.Operator) && failures.All(f => f.Holder.Operator != holder.Operator))
                    failures.Add(new HolderReply.Failure(holder, PartialFailureReason.Timeout, "no answer before the deadline"));
            }
            return new ThresholdAttempt(null, recorded, failures, null);
        }
        var combined = ThresholdSigning.Combine(good, scheme.Threshold);
        if (!set.PublicKey.Verify(signingRoot.AsSpan(), combined))
        {
            throw new ThresholdSignatureException(ThresholdFailure.CombinedSignatureInvalid, null,
                $"{scheme.Threshold} verified partials combine to a signature that does not verify against validator {set.ValidatorId}'s key: its public shares do not belong to that key");
        }
        return new ThresholdAttempt(combined, recorded, failures, null);
    }

    private async Task AskAsync(
        ValidatorSigningSet set, ShareHolder holder, byte[] body, IReadOnlyList<KeyValuePair<string, string>> authentication, byte[] root,
        ChannelWriter<HolderReply> replies, CancellationToken deadline)
    {
        HolderReply reply;
        var asked = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            reply = await client.RequestAsync(holder, body, authentication, root, deadline);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            reply = new HolderReply.Failure(holder, PartialFailureReason.Error, e.Message);
        }
        metrics.RecordPeerAnswer(holder.Operator, reply, System.Diagnostics.Stopwatch.GetElapsedTime(asked));
        if (reply is HolderReply.Failure failure)
        {
            metrics.PartialFailures.WithLabels(holder.Operator.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                holder.PublicShare.Index.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), failure.Reason.Label()).Inc();
            var level = failure.Reason is PartialFailureReason.BadPartial or PartialFailureReason.Error ? LogLevel.Warning : LogLevel.Information;
            logger.Log(level, "Partial signature from {Operator} ({ShareIndex}) for validator {ValidatorId} did not count ({Reason}): {Detail}",
                holder.Operator, holder.PublicShare.Index, set.ValidatorId, failure.Reason.Label(), failure.Detail);
        }
        replies.TryWrite(reply);
    }

    /// <summary>The duty's deadline, shared by the collecting call and the holders' requests; disposed when the last lets go.</summary>
    private sealed class SharedDeadline
    {
        private readonly CancellationTokenSource _source;
        private int _holders = 2;

        public SharedDeadline(CancellationToken cancellationToken, TimeSpan deadline)
        {
            _source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _source.CancelAfter(deadline);
            Token = _source.Token;
        }

        public CancellationToken Token { get; }

        public void Release()
        {
            if (Interlocked.Decrement(ref _holders) == 0)
                _source.Dispose();
        }
    }
}
