using System.Collections.Concurrent;
using Dvt.Consensus.Primitives;
using Dvt.Signer.Directory;
using Dvt.Signer.Observability;

namespace Dvt.Signer.Peer;

/// <summary>
/// This holder's pushes to the other holders, coalesced per destination: each holder gets at most
/// <c>maxInFlight</c> batch requests at a time (<see cref="PartialSignatureBatchMessages"/>), and what is pushed while
/// they are under way waits and leaves in the next batch. A single duty goes out at once, alone; a slot of a thousand
/// validators' attestations goes out in a few batches instead of a thousand requests (each with its own signed
/// header and, under a burst, its own connection). Each push keeps its own deadline: one still queued when its
/// deadline passes is answered as a timeout without waiting, and a batch is given up at the earliest deadline in it.
/// </summary>
public sealed class PartialPushQueue(PartialSignatureClient client, PeerRequestSigner requestSigner, SignerMetrics metrics, int maxBatchBytes, int maxInFlight = 1)
{
    private readonly ConcurrentDictionary<OperatorId, Destination> _destinations = new();

    /// <summary>Queues one request (a body of <see cref="PartialSignatureMessages.EncodeRequest"/>) for <paramref name="holder"/>; completes with its reply.</summary>
    public Task<HolderReply> PushAsync(ShareHolder holder, byte[] item, CancellationToken deadline)
    {
        var pending = new Pending(holder, item, deadline);
        if (deadline.IsCancellationRequested)
        {
            pending.Complete(Timeout(holder));
            return pending.Reply;
        }
        // Once queued, a passing deadline answers the push at once; a batch under way answers it no later.
        pending.Registration = deadline.Register(static state => ((Pending)state!).Complete(Timeout(((Pending)state!).Holder)), pending);
        var destination = _destinations.GetOrAdd(holder.Operator, _ => new Destination());
        bool start;
        lock (destination)
        {
            destination.Queue.Enqueue(pending);
            start = destination.InFlight < maxInFlight;
            if (start)
                destination.InFlight++;
        }
        if (start)
            _ = Task.Run(() => SendLoopAsync(destination));
        return pending.Reply;
    }

    private async Task SendLoopAsync(Destination destination)
    {
        // One pass of the scheduler first, so the pushes of the same burst (a client's requests answered together) share a batch.
        await Task.Yield();
        while (true)
        {
            var batch = new List<Pending>();
            var bytes = 0;
            lock (destination)
            {
                while (destination.Queue.TryPeek(out var next))
                {
                    if (next.Reply.IsCompleted)
                    {
                        destination.Queue.Dequeue();
                        continue;
                    }
                    if (batch.Count == PartialSignatureBatchMessages.MaxItems || (batch.Count > 0 && bytes + next.Item.Length > maxBatchBytes))
                        break;
                    destination.Queue.Dequeue();
                    batch.Add(next);
                    bytes += next.Item.Length + 1;
                }
                if (batch.Count == 0)
                {
                    destination.InFlight--;
                    return;
                }
            }
            await SendAsync(batch);
        }
    }

    private async Task SendAsync(List<Pending> batch)
    {
        // One operator, but each item's holder carries its own validator's public share.
        var holder = batch[0].Holder;
        metrics.PeerBatchItems.WithLabels(holder.Operator.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Observe(batch.Count);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(batch.Select(p => p.Deadline).Distinct().ToArray());
        IReadOnlyList<HolderReply> replies;
        try
        {
            replies = await client.RequestBatchAsync(batch.Select(p => p.Holder).ToList(), batch.Select(p => p.Item).ToList(),
                body => requestSigner.CreateHeaders(holder.Operator, "POST", PartialSignatureBatchMessages.Path, body), deadline.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            replies = batch.Select(p => (HolderReply)new HolderReply.Failure(p.Holder, PartialFailureReason.Error, e.Message)).ToList();
        }
        for (var i = 0; i < batch.Count; i++)
            batch[i].Complete(replies[i]);
    }

    private static HolderReply.Failure Timeout(ShareHolder holder) => new(holder, PartialFailureReason.Timeout, "no answer before the deadline");

    private sealed class Destination
    {
        public Queue<Pending> Queue { get; } = new();

        public int InFlight { get; set; }
    }

    private sealed class Pending(ShareHolder holder, byte[] item, CancellationToken deadline)
    {
        private readonly TaskCompletionSource<HolderReply> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ShareHolder Holder { get; } = holder;

        public byte[] Item { get; } = item;


        public CancellationToken Deadline { get; } = deadline;

        public CancellationTokenRegistration Registration { get; set; }

        public Task<HolderReply> Reply => _reply.Task;

        public void Complete(HolderReply reply)
        {
            if (_reply.TrySetResult(reply))
                Registration.Dispose();
        }
    }
}
