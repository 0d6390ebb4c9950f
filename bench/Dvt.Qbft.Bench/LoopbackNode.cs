using Dvt.Consensus.Primitives;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Dvt.Qbft.Encoding;
using Dvt.Qbft.Engine;
using Dvt.Qbft.Messages;

namespace Dvt.Qbft.Bench;

/// <summary>Monotonic wall time for the engines.</summary>
public sealed class StopwatchClock : IQbftClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public TimeSpan Now => _watch.Elapsed;
}

/// <summary>
/// One holder in the benchmark: a QBFT engine driven by one loop, a TCP listener on loopback and a connection to
/// every other holder; frames are a 4-byte big-endian length and an encoded envelope.
/// </summary>
public sealed class LoopbackNode : IAsyncDisposable
{
    private readonly QbftEngine _engine;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Channel<Func<QbftStep>> _work = Channel.CreateUnbounded<Func<QbftStep>>(new() { SingleReader = true });
    private readonly Dictionary<OperatorId, (NetworkStream Stream, SemaphoreSlim Lock)> _peers = [];
    private readonly List<TcpClient> _clients = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];

    public LoopbackNode(QbftEngine engine)
    {
        _engine = engine;
        _listener.Start();
        _tasks.Add(Task.Run(AcceptLoop));
        _tasks.Add(Task.Run(RunLoop));
    }

    public OperatorId Operator => _engine.Self;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public event Action<QbftDecision>? Decided;

    public async Task ConnectAsync(IReadOnlyDictionary<OperatorId, int> ports)
    {
        foreach (var (id, port) in ports)
        {
            if (id == Operator)
                continue;
            var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync(IPAddress.Loopback, port);
            _clients.Add(client);
            _peers[id] = (client.GetStream(), new SemaphoreSlim(1));
        }
    }

    public void Start(InstanceId instance, byte[] value) => _work.Writer.TryWrite(() =>
    {
        _engine.PruneBefore(new Dvt.Consensus.Primitives.Slot(instance.Slot.Value > 2 ? instance.Slot.Value - 2 : 0));
        return _engine.Start(instance, value);
    });

    private async Task AcceptLoop()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                client.NoDelay = true;
                _clients.Add(client);
                _tasks.Add(Task.Run(() => ReadLoop(client.GetStream())));
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task ReadLoop(NetworkStream stream)
    {
        var header = new byte[4];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await stream.ReadExactlyAsync(header, _stop.Token);
                var frame = new byte[BinaryPrimitives.ReadUInt32BigEndian(header)];
                await stream.ReadExactlyAsync(frame, _stop.Token);
                _work.Writer.TryWrite(() => _engine.Receive(frame));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or EndOfStreamException or IOException) { }
    }

    private async Task RunLoop()
    {
        var reader = _work.Reader;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                QbftStep step;
                if (reader.TryRead(out var work))
                {
                    step = work();
                }
                else
                {
                    var wait = _engine.NextDeadline is { } deadline ? deadline - ((StopwatchClockHolder.Clock.Now)) : Timeout.InfiniteTimeSpan;
                    if (wait != Timeout.InfiniteTimeSpan && wait <= TimeSpan.Zero)
                    {
                        step = _engine.Tick();
                    }
                    else
                    {
                        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                        if (wait != Timeout.InfiniteTimeSpan)
                            timeout.CancelAfter(wait);
                        try
                        {
                            await reader.WaitToReadAsync(timeout.Token);
                        }
                        catch (OperationCanceledException) when (!_stop.IsCancellationRequested) { }
                        continue;
                    }
                }
                foreach (var decision in step.Decisions)
                    Decided?.Invoke(decision);
                foreach (var outbound in step.Outbound)
                {
                    var bytes = QbftCodec.Encode(outbound.Envelope);
                    var frame = new byte[4 + bytes.Length];
                    BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)bytes.Length);
                    bytes.CopyTo(frame, 4);
                    foreach (var to in outbound.Recipients)
                    {
                        var (stream, gate) = _peers[to];
                        await gate.WaitAsync(_stop.Token);
                        try { await stream.WriteAsync(frame, _stop.Token); }
                        finally { gate.Release(); }
                    }
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var client in _clients)
            client.Dispose();
        try { await Task.WhenAll(_tasks); } catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
        _stop.Dispose();
    }
}

/// <summary>The one clock every node and the measurement share.</summary>
public static class StopwatchClockHolder
{
    public static readonly StopwatchClock Clock = new();
}
