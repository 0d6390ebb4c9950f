using System.Buffers;
using System.Net;
using System.Text.Json;
using Nethereum.JsonRpc.Client;
using Nethereum.JsonRpc.Client.RpcMessages;
using Newtonsoft.Json.Linq;

namespace Dvt.ContractBindings.Rpc;

/// <summary>
/// JSON-RPC over HTTP through Nethereum's <see cref="Nethereum.JsonRpc.Client.RpcClient"/> (single requests and
/// batches, pooled keep-alive connections). What stays ours, in <see cref="RpcClient"/>: per-request timeouts, retries
/// of transient failures only, and answers matched to requests by id. This class translates Nethereum's exceptions
/// into <see cref="RpcTransportException"/> (transient or not), so callers never see Nethereum's types.
/// </summary>
public sealed class HttpRpcTransport : IRpcTransport
{
    private readonly BatchingRpcClient client;
    private readonly HttpClient http;

    public HttpRpcTransport(Uri endpoint)
    {
        if (endpoint.Scheme is not ("http" or "https"))
            throw new ArgumentException($"HTTP transport needs an http(s) URL, got {endpoint}", nameof(endpoint));
        Endpoint = endpoint;
        http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.All,
        })
        {
            // RpcClient applies its own per-request timeout through the cancellation token.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client = new BatchingRpcClient(endpoint, http);
    }

    public Uri Endpoint { get; }

    public async Task<JsonElement> SendAsync(ReadOnlyMemory<byte> payload, long firstId, string method, CancellationToken cancellationToken)
    {
        using var request = JsonDocument.Parse(payload);
        try
        {
            if (request.RootElement.ValueKind == JsonValueKind.Array)
            {
                var messages = request.RootElement.EnumerateArray().Select(ToMessage).ToArray();
                var answers = await client.SendBatchAsync(messages).WaitAsync(cancellationToken).ConfigureAwait(false);
                return ToJson(answers, batch: true);
            }
            var answer = await client.SendAsync(ToMessage(request.RootElement), null).WaitAsync(cancellationToken).ConfigureAwait(false);
            return ToJson([answer], batch: false);
        }
        catch (RpcClientTimeoutException e)
        {
            throw new RpcTransportException(Endpoint, method, "the node did not answer in time", isTransient: true, e);
        }
        catch (RpcClientUnknownException e)
        {
            throw Translate(e, method);
        }
        catch (HttpRequestException e)
        {
            throw Translate(e, method);
        }
        catch (Newtonsoft.Json.JsonException e)
        {
            throw new RpcTransportException(Endpoint, method, $"answer is not JSON ({e.Message})", isTransient: false, e);
        }
    }

    private RpcTransportException Translate(Exception e, string method)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case HttpRequestException { StatusCode: { } status }:
                    var transient = (int)status >= 500 || status == HttpStatusCode.TooManyRequests;
                    return new RpcTransportException(Endpoint, method, $"HTTP {(int)status} {status}", transient, e);
                case HttpRequestException http:
                    return new RpcTransportException(Endpoint, method, $"cannot reach the node ({http.Message})", isTransient: true, e);
                case Newtonsoft.Json.JsonException json:
                    return new RpcTransportException(Endpoint, method, $"answer is not JSON ({json.Message})", isTransient: false, e);
                case IOException io:
                    return new RpcTransportException(Endpoint, method, $"connection lost ({io.Message})", isTransient: true, e);
            }
        }
        return new RpcTransportException(Endpoint, method, e.Message, isTransient: false, e);
    }

    private static RpcRequestMessage ToMessage(JsonElement request)
    {
        var id = request.GetProperty("id").GetInt64();
        var method = request.GetProperty("method").GetString() ?? string.Empty;
        var parameters = request.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Array
            ? p.EnumerateArray().Select(x => (object)JToken.Parse(x.GetRawText())).ToArray()
            : [];
        return new RpcRequestMessage(id, method, parameters);
    }

    /// <summary>Nethereum's answers back into the JSON-RPC shape <see cref="RpcClient"/> reads (ids, result or error).</summary>
    private static JsonElement ToJson(IReadOnlyList<RpcResponseMessage> answers, bool batch)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (batch)
                writer.WriteStartArray();
            foreach (var answer in answers)
            {
                writer.WriteStartObject();
                writer.WriteString("jsonrpc", "2.0");
                writer.WritePropertyName("id");
                WriteRaw(writer, answer.Id);
                if (answer.Error is { } error)
                {
                    writer.WriteStartObject("error");
                    writer.WriteNumber("code", error.Code);
                    writer.WriteString("message", error.Message);
                    if (error.Data is not null)
                    {
                        writer.WritePropertyName("data");
                        WriteRaw(writer, error.Data);
                    }
                    writer.WriteEndObject();
                }
                else
                {
                    writer.WritePropertyName("result");
                    WriteRaw(writer, answer.Result);
                }
                writer.WriteEndObject();
            }
            if (batch)
                writer.WriteEndArray();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void WriteRaw(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JToken token:
                writer.WriteRawValue(token.ToString(Newtonsoft.Json.Formatting.None));
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            default:
                writer.WriteRawValue(Newtonsoft.Json.JsonConvert.SerializeObject(value));
                break;
        }
    }

    public ValueTask DisposeAsync()
    {
        http.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Nethereum's HTTP client with its batch send (protected there) made callable.</summary>
    private sealed class BatchingRpcClient(Uri endpoint, HttpClient http) : Nethereum.JsonRpc.Client.RpcClient(endpoint, http)
    {
        public Task<RpcResponseMessage[]> SendBatchAsync(RpcRequestMessage[] requests) => SendAsync(requests);
    }
}
