using System.Collections.Concurrent;
using System.Diagnostics;
using Dvt.Crypto.Bls;

namespace Dvt.Signer.Signing;

/// <summary>
/// Verifies signatures the way a database commits a group: a request that finds no check running starts one at once,
/// alone; requests that arrive while checks run wait for the next, which takes all of them (up to
/// <see cref="MaxBatch"/>) in one random-weighted batch (<see cref="BlsAggregation.BatchVerify"/>: a Miller loop per
/// signature and one shared final exponentiation instead of two loops and an exponentiation each, and one loop for
/// all the signatures of one message), and checks them one by one only when the batch fails. So an idle holder pays no
/// delay, and a slot in which a thousand validators' attestations (one root) are combined at once pays a few percent of
/// the cost of checking each alone. A second check runs beside the first only when enough requests wait to fill a
/// batch of their own: started for every arrival, checks of one or two signatures would each pay a whole pairing.
/// For the same reason a check that starts while the holder is busy (another ended less than <c>busyWindow</c> ago:
/// a slot's signatures arrive a few milliseconds apart, as their partials come in) first waits <c>linger</c> for more
/// to join it; an idle holder's lone signature is checked at once. A false answer is never given for a good
/// signature, and a bad one passes a batch with probability 2^-64.
/// </summary>
public sealed class BatchingSignatureVerifier
{
    public const int MaxBatch = 256;

    /// <summary>Requests waiting that justify a check beside one already running.</summary>
    public const int ParallelCheckBacklog = 32;

    private readonly ConcurrentQueue<Pending> _queue = new();
    private readonly int _maxRunning;
    private readonly TimeSpan _linger;
    private readonly TimeSpan _busyWindow;
    private int _running;
    private long _lastCheckEnded = long.MinValue / 2;

    private sealed record Pending(BlsSignatureSet Set, TaskCompletionSource<bool> Done);

    /// <param name="maxRunning">Checks run at most this many at once (default: one per core).</param>
    /// <param name="linger">How long a check started while busy waits for more signatures (default 20 ms).</param>
    /// <param name="busyWindow">A check that ended this recently makes the holder busy (default 200 ms).</param>
    public BatchingSignatureVerifier(int? maxRunning = null, TimeSpan? linger = null, TimeSpan? busyWindow = null)
    {
        _maxRunning = Math.Max(1, maxRunning ?? Environment.ProcessorCount);
        _linger = linger ?? TimeSpan.FromMilliseconds(20);
        _busyWindow = busyWindow ?? TimeSpan.FromMilliseconds(200);
    }

    public Task<bool> VerifyAsync(BlsPublicKey publicKey, ReadOnlyMemory<byte> message, BlsSignature signature)
    {
        var pending = new Pending(new BlsSignatureSet(publicKey, message, signature), new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        _queue.Enqueue(pending);
        TryStartCheck();
        return pending.Done.Task;
    }

    private void TryStartCheck()
    {
        while (true)
        {
            var running = Volatile.Read(ref _running);
            if (running >= _maxRunning || _queue.IsEmpty || (running > 0 && _queue.Count < ParallelCheckBacklog))
                return;
            if (Interlocked.CompareExchange(ref _running, running + 1, running) == running)
            {
                _ = Task.Run(CheckAsync);
                return;
            }
        }
    }

    private async Task CheckAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            var busy = Stopwatch.GetElapsedTime(Volatile.Read(ref _lastCheckEnded)) < _busyWindow;
            if (busy && _linger > TimeSpan.Zero && _queue.Count < MaxBatch)
                await Task.Delay(_linger).ConfigureAwait(false);
            while (batch.Count < MaxBatch && _queue.TryDequeue(out var pending))
                batch.Add(pending);
            var verdicts = BlsAggregation.VerifyEach(batch.Select(p => p.Set).ToList());
            for (var i = 0; i < batch.Count; i++)
                batch[i].Done.TrySetResult(verdicts[i]);
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
                pending.Done.TrySetException(e);
        }
        finally
        {
            Volatile.Write(ref _lastCheckEnded, Stopwatch.GetTimestamp());
            Interlocked.Decrement(ref _running);
            TryStartCheck(); // what arrived meanwhile
        }
    }

}
