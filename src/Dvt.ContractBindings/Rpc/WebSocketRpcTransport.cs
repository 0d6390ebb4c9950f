using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;

namespace Dvt.ContractBindings.Rpc;

/// <summary>
/// JSON-RPC over one WebSocket: requests are multiplexed by id, and eth_subscription notifications are routed
/// to their subscription's channel. When the socket drops, pending requests fail as transient transport
/// errors and subscriptions end with the same error; the next request reconnects (subscriptions must be renewed).
/// </summary>
public sealed class WebSocketRpcTransport : IRpcTransport
{
    private readonly SemaphoreSlim sendLock = new(1, 1);
    private readonly SemaphoreSlim connectLock = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> pending = new();
    private readonly ConcurrentDictionary<string, Channel<JsonElement>> subscriptions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource lifetime = new();
    private ClientWebSocket? socket;
    private Task? receiveLoop;

    public WebSocketRpcTransport(Uri endpoint)
    {
        if (endpoint.Scheme is not ("ws" or "wss"))
            throw new ArgumentException($"WebSocket transport needs a ws(s) URL, got {endpoint}", nameof(endpoint));
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public async Task<JsonElement> SendAsync(ReadOnlyMemory<byte> payload, long firstId, string method, CancellationToken cancellationToken)
    {
        var ws = await ConnectedAsync(method, cancellationToken).ConfigureAwait(false);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[firstId] = completion;
        try
        {
            await sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await ws.SendAsync(payload, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
            {
                throw new RpcTransportException(Endpoint, method, $"WebSocket send failed ({e.Message})", isTransient: true, e);
            }
            finally
            {
                sendLock.Release();
            }
            return await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RpcTransportException e) when (e.Method != method)
        {
            throw new RpcTransportException(Endpoint, method, e.Message, e.IsTransient, e);
        }
        finally
        {
            pending.TryRemove(firstId, out _);
        }
    }

    /// <summary>Registers a channel for notifications of a subscription id returned by eth_subscribe.</summary>
    internal ChannelReader<JsonElement> OpenSubscription(string subscriptionId)
    {
        var channel = Channel.CreateUnbounded<JsonElement>(new UnboundedChannelOptions { SingleReader = true });
        subscriptions[subscriptionId] = channel;
        return channel.Reader;
    }

    internal void CloseSubscription(string subscriptionId)
    {
        if (subscriptions.TryRemove(subscriptionId, out var channel))
            channel.Writer.TryComplete();
    }

    private async Task<ClientWebSocket> ConnectedAsync(string method, CancellationToken cancellationToken)
    {
        var current = socket;
        if (current is { State: WebSocketState.Open })
            return current;
        await connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (socket is { State: WebSocketState.Open })
                return socket;
            socket?.Dispose();
            var fresh = new ClientWebSocket();
            try
            {
                await fresh.ConnectAsync(Endpoint, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException)
            {
                fresh.Dispose();
                throw new RpcTransportException(Endpoint, method, $"cannot open the WebSocket ({e.Message})", isTransient: true, e);
            }
            socket = fresh;
            receiveLoop = Task.Run(() => ReceiveLoopAsync(fresh));
            return fresh;
        }
        finally
        {
            connectLock.Release();
        }
    }

    private async Task ReceiveLoopAsync(ClientWebSocket ws)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        Exception? failure = null;
        try
        {
            while (!lifetime.IsCancellationRequested)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await ws.ReceiveAsync(buffer.GetMemory(16 * 1024), lifetime.Token).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                        throw new WebSocketException("the node closed the WebSocket");
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage);
                Dispatch(buffer.WrittenSpan);
            }
        }
        catch (OperationCanceledException)
        {
            failure = new RpcTransportException(Endpoint, "receive", "transport disposed", isTransient: false);
        }
        catch (Exception e)
        {
            failure = e as RpcTransportException ?? new RpcTransportException(Endpoint, "receive", $"WebSocket connection lost ({e.Message})", isTransient: true, e);
        }
        foreach (var entry in pending)
        {
            if (pending.TryRemove(entry.Key, out var completion))
                completion.TrySetException(failure!);
        }
        foreach (var entry in subscriptions)
        {
            if (subscriptions.TryRemove(entry.Key, out var channel))
                channel.Writer.TryComplete(failure);
        }
    }

    private void Dispatch(ReadOnlySpan<byte> message)
    {
        var root = RpcAnswer.Parse(message, Endpoint, "receive");
        if (root.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in root.EnumerateArray())
            {
                if (TryId(item, out var id) && pending.TryRemove(id, out var batchCompletion))
                {
                    batchCompletion.TrySetResult(root);
                    return;
                }
            }
            return;
        }
        if (TryId(root, out var single))
        {
            if (pending.TryRemove(single, out var completion))
                completion.TrySetResult(root);
            return;
        }
        if (root.TryGetProperty("method", out var method) && method.GetString() == "eth_subscription"
            && root.TryGetProperty("params", out var parameters)
            && parameters.TryGetProperty("subscription", out var subscription)
            && subscription.GetString() is { } subscriptionId
            && subscriptions.TryGetValue(subscriptionId, out var channel)
            && parameters.TryGetProperty("result", out var notification))
        {
            channel.Writer.TryWrite(notification);
        }
    }

    private static bool TryId(JsonElement element, out long id)
    {
        id = 0;
        return element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty("id", out var idElement)
            && idElement.ValueKind == JsonValueKind.Number
            && idElement.TryGetInt64(out id);
    }

    public async ValueTask DisposeAsync()
    {
        await lifetime.CancelAsync().ConfigureAwait(false);
        if (socket is { State: WebSocketState.Open } open)
        {
            try
            {
                using var closeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await open.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", closeTimeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
            {
                // The peer may already be gone; closing is best effort.
            }
        }
        socket?.Dispose();
        if (receiveLoop is not null)
            await receiveLoop.ConfigureAwait(false);
        lifetime.Dispose();
        sendLock.Dispose();
        connectLock.Dispose();
    }
}
