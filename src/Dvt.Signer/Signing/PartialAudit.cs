using System.Threading.Channels;
using Dvt.Consensus.Primitives;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;

namespace Dvt.Signer.Signing;

/// <summary>
/// Checks the partials a combined signature did not need (they came after t others, or beside them), off the signing
/// path: gathered for <c>delay</c>, then verified together in one random-weighted batch (one by one only if the batch
/// fails). A signature never waits for this and nothing served rests on it; it exists so a holder that sends bad
/// partials is named in metrics and logs even when its partials are never the ones combined. Best effort: when the
/// queue is full, further partials go unchecked (they are not used for anything).
/// </summary>
public sealed class PartialAudit : IDisposable
{
    private const int Capacity = 65_536;
    private const int MaxBatch = 4_096;

    private readonly Channel<Entry> _queue = Channel.CreateBounded<Entry>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });
    private readonly PartialFailureReport _report;
    private readonly TimeSpan _delay;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _checked;

    private sealed record Entry(PartialExchange Exchange, OperatorId Holder, PartialSignature Partial);

    public PartialAudit(PartialFailureReport report, TimeSpan delay)
    {
        _report = report;
        _delay = delay;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>How many partials the audit has checked (for tests and metrics).</summary>
    public long Checked => Interlocked.Read(ref _checked);

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
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var entry))
                {
                    var share = entry.Exchange.Set.Holders.FirstOrDefault(h => h.Operator == entry.Holder && h.PublicShare.Index == entry.Partial.Index);
                    if (share is null)
                        continue;
                    batch.Add((entry, new BlsSignatureSet(share.PublicShare.PublicKey, entry.Exchange.SigningRoot.ToArray(), entry.Partial.Signature)));
                }
                Check(batch);
                Interlocked.Add(ref _checked, batch.Count);
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
        var allGood = batch.Count > 1 && BlsAggregation.BatchVerify(batch.Select(b => b.Set).ToList());
        foreach (var (entry, set) in batch)
        {
            if (allGood || set.PublicKey.Verify(set.Message.Span, set.Signature))
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
