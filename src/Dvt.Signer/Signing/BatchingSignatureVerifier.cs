using System.Collections.Concurrent;
using Dvt.Crypto.Bls;

namespace Dvt.Signer.Signing;

/// <summary>
/// Verifies signatures the way a database commits a group: a request that finds no check running starts one at once,
/// alone; requests that arrive while checks run wait for the next, which takes all of them (up to
/// <see cref="MaxBatch"/>) in one random-weighted batch (<see cref="BlsAggregation.BatchVerify"/>: a Miller loop per
/// signature and one shared final exponentiation instead of two loops and an exponentiation each), and checks them
/// one by one only when the batch fails. So an idle holder pays no delay, and a slot in which a thousand validators'
/// signatures are combined at once pays about half the cost of checking each alone. A false answer is never given for
/// a good signature, and a bad one passes a batch with probability 2^-64.
/// </summary>
public sealed class BatchingSignatureVerifier
{
    public const int MaxBatch = 256;

    private readonly ConcurrentQueue<Pending> _queue = new();
    private readonly int _maxRunning;
    private int _running;

    private sealed record Pending(BlsSignatureSet Set, TaskCompletionSource<bool> Done);

    /// <param name="maxRunning">Checks run at most this many at once (default: one per core).</param>
    public BatchingSignatureVerifier(int? maxRunning = null)
    {
        _maxRunning = Math.Max(1, maxRunning ?? Environment.ProcessorCount);
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
            if (running >= _maxRunning || _queue.IsEmpty)
                return;
            if (Interlocked.CompareExchange(ref _running, running + 1, running) == running)
            {
                _ = Task.Run(Check);
                return;
            }
        }
    }

    private void Check()
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
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
            Interlocked.Decrement(ref _running);
            TryStartCheck(); // what arrived meanwhile
        }
    }

}
