using System.Buffers;
using System.Text.Json;

namespace Dvt.ContractBindings.Rpc;

/// <summary>
/// A JSON-RPC client: single calls and batches over any <see cref="IRpcTransport"/>, per-request timeout,
/// retries with exponential backoff on transient transport failures only. Typed eth_* methods live in
/// <see cref="EthRpc"/>; this class deals in methods and JSON.
/// </summary>
public sealed class RpcClient : IAsyncDisposable
{
    private readonly IRpcTransport transport;
    private readonly RpcClientOptions options;
    private long nextId;

    public RpcClient(IRpcTransport transport, RpcClientOptions? options = null)
    {
        this.transport = transport;
        this.options = options ?? new RpcClientOptions();
    }

    public static RpcClient ForUrl(Uri endpoint, RpcClientOptions? options = null) => endpoint.Scheme switch
    {
        "http" or "https" => new RpcClient(new HttpRpcTransport(endpoint), options),
        "ws" or "wss" => new RpcClient(new WebSocketRpcTransport(endpoint), options),
        _ => throw new ArgumentException($"unsupported JSON-RPC URL scheme '{endpoint.Scheme}' in {endpoint}", nameof(endpoint)),
    };

    public Uri Endpoint => transport.Endpoint;

    internal IRpcTransport Transport => transport;

    /// <summary>Sends one request; returns its result or throws <see cref="RpcErrorException"/> / <see cref="RpcTransportException"/>.</summary>
    public async Task<JsonElement> RequestAsync(string method, object?[] parameters, CancellationToken cancellationToken = default)
    {
        var id = Interlocked.Increment(ref nextId);
        var payload = Serialize([new RpcRequest(method, parameters)], id, single: true);
        var answer = await SendWithRetriesAsync(payload, id, method, cancellationToken).ConfigureAwait(false);
        return ToResponse(answer, method).GetResultOrThrow();
    }

    public Task<JsonElement> RequestAsync(string method, params object?[] parameters) =>
        RequestAsync(method, parameters, CancellationToken.None);

    /// <summary>Sends requests as one JSON-RPC batch; answers come back in request order, each a result or an error.</summary>
    public async Task<IReadOnlyList<RpcResponse>> BatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken cancellationToken = default)
    {
        if (requests.Count == 0)
            return [];
        var firstId = Interlocked.Add(ref nextId, requests.Count) - requests.Count + 1;
        var label = $"batch of {requests.Count} ({requests[0].Method}{(requests.Count > 1 ? ", ..." : string.Empty)})";
        var payload = Serialize(requests, firstId, single: false);
        var answer = await SendWithRetriesAsync(payload, firstId, label, cancellationToken).ConfigureAwait(false);
        if (answer.ValueKind != JsonValueKind.Array)
        {
            // A node that rejects the whole batch answers with a single error object.
            var whole = ToResponse(answer, label);
            throw (Exception?)whole.Error ?? new RpcTransportException(Endpoint, label, "answered a batch with a single result", isTransient: false);
        }
        var results = new RpcResponse?[requests.Count];
        foreach (var item in answer.EnumerateArray())
        {
            if (!item.TryGetProperty("id", out var idElement) || !idElement.TryGetInt64(out var id)
                || id < firstId || id >= firstId + requests.Count)
                throw new RpcTransportException(Endpoint, label, $"batch answer with unknown id: {item.GetRawText()}", isTransient: false);
            var index = (int)(id - firstId);
            results[index] = ToResponse(item, requests[index].Method);
        }
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i] is null)
                throw new RpcTransportException(Endpoint, label, $"batch answer lacks request {i} ({requests[i].Method})", isTransient: false);
        }
        return results!;
    }

    private async Task<JsonElement> SendWithRetriesAsync(ReadOnlyMemory<byte> payload, long id, string method, CancellationToken cancellationToken)
    {
        var backoff = options.InitialBackoff;
        for (var attempt = 0; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.RequestTimeout);
            try
            {
                return await transport.SendAsync(payload, id, method, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt >= options.MaxRetries)
                    throw new RpcTimeoutException(Endpoint, method, options.RequestTimeout);
            }
            catch (RpcTransportException e) when (e.IsTransient && attempt < options.MaxRetries)
            {
                // Fall through to the backoff below.
            }
            var jitter = Random.Shared.NextDouble() * 0.5 + 0.75;
            await Task.Delay(TimeSpan.FromMilliseconds(backoff.TotalMilliseconds * jitter), cancellationToken).ConfigureAwait(false);
            backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, options.MaxBackoff.TotalMilliseconds));
        }
    }

    private RpcResponse ToResponse(JsonElement answer, string method)
    {
        if (answer.ValueKind != JsonValueKind.Object)
            throw new RpcTransportException(Endpoint, method, $"answer is not a JSON-RPC object: {Preview(answer)}", isTransient: false);
        if (answer.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
        {
            var code = error.TryGetProperty("code", out var c) && c.TryGetInt64(out var parsed) ? parsed : 0;
            var message = error.TryGetProperty("message", out var m) ? m.GetString() ?? string.Empty : string.Empty;
            JsonElement? data = error.TryGetProperty("data", out var d) ? d.Clone() : null;
            return new RpcResponse(method, null, new RpcErrorException(Endpoint, method, code, message, data));
        }
        if (!answer.TryGetProperty("result", out var result))
            throw new RpcTransportException(Endpoint, method, $"answer has neither result nor error: {Preview(answer)}", isTransient: false);
        return new RpcResponse(method, result, null);
    }

    private static string Preview(JsonElement element)
    {
        var text = element.GetRawText();
        return text.Length <= 200 ? text : text[..197] + "...";
    }

    private static ReadOnlyMemory<byte> Serialize(IReadOnlyList<RpcRequest> requests, long firstId, bool single)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (!single)
                writer.WriteStartArray();
            for (var i = 0; i < requests.Count; i++)
                RpcJsonWriter.WriteRequest(writer, firstId + i, requests[i]);
            if (!single)
                writer.WriteEndArray();
        }
        return buffer.WrittenMemory;
    }

    public ValueTask DisposeAsync() => transport.DisposeAsync();
}
