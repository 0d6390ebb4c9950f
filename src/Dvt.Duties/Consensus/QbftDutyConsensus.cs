using System.Threading.Channels;
using Dvt.Qbft.Encoding;
using Dvt.Qbft.Engine;
using Dvt.Qbft.Messages;

namespace Dvt.Duties.Consensus;

/// <summary>
/// The consensus stage over <see cref="QbftEngine"/>: one loop owns the engine and takes proposals, received
/// messages and round timers in turn; outbound messages go through the transport, decisions to the subscribers.
/// </summary>
public sealed class QbftDutyConsensus : IDutyConsensus, IAsyncDisposable
{
    private readonly QbftEngine _engine;
    private readonly IConsensusTransport _transport;
    private readonly Channel<Func<QbftStep>> _inputs = Channel.CreateBounded<Func<QbftStep>>(
        new BoundedChannelOptions(4096) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly List<Func<DutyData, CancellationToken, Task>> _subscribers = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public QbftDutyConsensus(QbftEngine engine, IConsensusTransport transport)
    {
        _engine = engine;
        _transport = transport;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Rejections by reason since start (for metrics and tests).</summary>
    public IReadOnlyDictionary<RejectionReason, int> Rejections => _rejections;

    private readonly Dictionary<RejectionReason, int> _rejections = [];

    /// <summary>Decisions a subscriber failed on, or that were not duty data (the host reports and drains these).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<Exception> DecisionFailures { get; } = new();

    public void Subscribe(Func<DutyData, CancellationToken, Task> onDecided) => _subscribers.Add(onDecided);

    /// <summary>Starts the duty's instance with this holder's data; completes once the engine took it (or refused it: an unknown holder set, a pruned slot, a second start).</summary>
    public async Task ProposeAsync(DutyData proposal, CancellationToken cancellationToken)
    {
        var value = DutyDataCodec.Encode(proposal);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _inputs.Writer.WriteAsync(() =>
        {
            try
            {
                var step = _engine.Start(proposal.Duty, value);
                started.SetResult();
                return step;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                started.SetException(e);
                return QbftStep.Empty;
            }
        }, cancellationToken);
        await started.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Bytes from another holder; dropped when the input queue is full (a flood), which QBFT tolerates.</summary>
    public void Receive(ReadOnlyMemory<byte> envelope)
    {
        var copy = envelope.ToArray();
        _inputs.Writer.TryWrite(() => _engine.Receive(copy));
    }

    public ValueTask ReceiveAsync(ReadOnlyMemory<byte> envelope)
    {
        Receive(envelope);
        return ValueTask.CompletedTask;
    }

    /// <summary>Forgets duties before the slot (call once per slot).</summary>
    public ValueTask PruneBeforeAsync(Dvt.Consensus.Primitives.Slot slot, CancellationToken cancellationToken) =>
        _inputs.Writer.WriteAsync(() => { _engine.PruneBefore(slot); return QbftStep.Empty; }, cancellationToken);

    private async Task RunAsync()
    {
        var token = _stop.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                QbftStep step;
                if (_inputs.Reader.TryRead(out var input))
                {
                    step = input();
                }
                else if (_engine.NextDeadline is { } deadline && deadline <= _engine.Clock.Now)
                {
                    step = _engine.Tick();
                }
                else
                {
                    using var wake = CancellationTokenSource.CreateLinkedTokenSource(token);
                    if (_engine.NextDeadline is { } next)
                        wake.CancelAfter(next - _engine.Clock.Now);
                    try
                    {
                        await _inputs.Reader.WaitToReadAsync(wake.Token);
                    }
                    catch (OperationCanceledException) when (!token.IsCancellationRequested) { }
                    continue;
                }
                await HandleAsync(step, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested) { }
    }

    private async Task HandleAsync(QbftStep step, CancellationToken token)
    {
        foreach (var rejection in step.Rejections)
            _rejections[rejection.Reason] = _rejections.GetValueOrDefault(rejection.Reason) + 1;
        foreach (var outbound in step.Outbound)
        {
            var bytes = QbftCodec.Encode(outbound.Envelope);
            foreach (var to in outbound.Recipients)
            {
                try
                {
                    await _transport.SendAsync(to, bytes, token);
                }
                catch (Exception e) when (e is IOException or HttpRequestException or TimeoutException)
                {
                    // A holder that is down misses this message; its round change (or a DECIDED reply) catches it up.
                }
            }
        }
        foreach (var decision in step.Decisions)
        {
            DutyData data;
            try
            {
                data = DutyDataCodec.Decode(decision.Instance, decision.Value);
            }
            catch (QbftMessageFormatException e)
            {
                // A quorum decided bytes that are no duty data: every holder's validity predicate should have refused it.
                DecisionFailures.Enqueue(new InvalidDataException($"{decision.Instance} decided a value that is not duty data: {e.Message}", e));
                continue;
            }
            foreach (var subscriber in _subscribers)
            {
                try
                {
                    await subscriber(data, token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One failing subscriber must not stop consensus for every later duty; the failure is kept for the host to report.
                    DecisionFailures.Enqueue(e);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
