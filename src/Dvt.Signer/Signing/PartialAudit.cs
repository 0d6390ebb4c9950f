using System.Threading.Channels;
using Dvt.Consensus.Primitives;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;

namespace Dvt.Signer.Signing;

/// <summary>
/// Checks the partials a combined signature did not need (they came after t others, or beside them), off the signing
/// path: gathered for <c>delay</c>, then at most <see cref="MaxChecked"/> of them, picked at random, verified together
/// in one random-weighted batch (one by one only if the batch fails). A signature never waits for this and nothing
/// served rests on it; it exists so a holder that sends bad partials is named in metrics and logs even when its
/// partials are never the ones combined. The sample bounds the cost (a slot of a thousand validators leaves a thousand
/// unused partials at each holder, as much work again as the signatures themselves): a faulty holder's partials are a
/// steady share of what is left over, so a random sample still names it within a window or two. Best effort: what is
/// not sampled, or does not fit the queue, goes unchecked (it is not used for anything).
/// </summary>
public sealed class PartialAudit : IDisposable
{
    private const int Capacity = 65_536;

    /// <summary>Partials checked per window at most.</summary>
    public const int MaxChecked = 64;

    private readonly Channel<Entry> _queue = Channel.CreateBounded<Entry>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });
    private readonly PartialFailureReport _report;
    private readonly TimeSpan _delay;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private sealed record Entry(PartialExchange Exchange, OperatorId Holder, PartialSignature Partial);

    public PartialAudit(PartialFailureReport report, TimeSpan delay)
    {
        _report = report;
        _delay = delay;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    public void Enqueue(PartialExchange exchange, OperatorId holder, PartialSignature partial) =>
        _queue.Writer.TryWrite(new Entry(exchange, holder, partial));

    private async Task RunAsync(CancellationToken ct)
    {
        var batch = new List<(Entry Entry, BlsSignatureSet Set)>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                // A duty's partials arrive within a moment of each other: waiting lets one batch take a whole slot's.
                await Task.Delay(_delay, ct).ConfigureAwait(false);
                // A uniform sample of what the window gathered (reservoir sampling), the rest dropped unchecked.
                var seen = 0;
                while (_queue.Reader.TryRead(out var entry))
                {
                    var share = entry.Exchange.Set.Holders.FirstOrDefault(h => h.Operator == entry.Holder && h.PublicShare.Index == entry.Partial.Index);
                    if (share is null)
                        continue;
                    seen++;
                    var slot = batch.Count < MaxChecked ? batch.Count : System.Security.Cryptography.RandomNumberGenerator.GetInt32(seen);
                    if (slot >= MaxChecked)
                        continue;
                    var item = (entry, new BlsSignatureSet(share.PublicShare.PublicKey, entry.Exchange.SigningRoot.ToArray(), entry.Partial.Signature));
                    if (slot == batch.Count)
                        batch.Add(item);
                    else
                        batch[slot] = item;
                }
                Check(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private void Check(List<(Entry Entry, BlsSignatureSet Set)> batch)
    {
        if (batch.Count == 0)
            return;
        var verdicts = BlsAggregation.VerifyEach(batch.Select(b => b.Set).ToList());
        for (var i = 0; i < batch.Count; i++)
        {
            var entry = batch[i].Entry;
            if (verdicts[i])
                entry.Exchange.AuditPassed(entry.Partial);
            else if (entry.Exchange.AuditFailed(entry.Partial) is { } failure)
                _report.Report(entry.Exchange.Set, failure);
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stop.Cancel();
        _loop.GetAwaiter().GetResult(); // ends at once: the loop only waits on the cancelled token between batches
        _stop.Dispose();
    }
}
