using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Dvt.ContractBindings.Rpc;

/// <summary>
/// JSON-RPC over HTTP POST (single requests and batches) with pooled keep-alive connections; the answer is parsed
/// once, with System.Text.Json. Ours rather than Nethereum's <c>RpcClient</c>: Nethereum parses every answer into
/// Newtonsoft JTokens, which this layer then had to turn back into text and parse again; on the follower's
/// eth_getLogs pages (thousands of logs, megabytes) that was most of the catch-up time
/// (bench/Dvt.ContractBindings.Bench, "follower catch-up"). Timeouts, retries of transient failures only and
/// batch answers matched by id are in <see cref="RpcClient"/>.
/// </summary>
public sealed class HttpRpcTransport : IRpcTransport
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private readonly HttpClient client;

    public HttpRpcTransport(Uri endpoint)
    {
        if (endpoint.Scheme is not ("http" or "https"))
            throw new ArgumentException($"HTTP transport needs an http(s) URL, got {endpoint}", nameof(endpoint));
        Endpoint = endpoint;
        client = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.All,
        })
        {
            // RpcClient applies its own per-request timeout through the cancellation token.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public Uri Endpoint { get; }

    public async Task<JsonElement> SendAsync(ReadOnlyMemory<byte> payload, long firstId, string method, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(payload);
        content.Headers.ContentType = JsonType;
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsync(Endpoint, content, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new RpcTransportException(Endpoint, method, $"cannot reach the node ({e.Message})", isTransient: true, e);
        }
        using (response)
        {
            byte[] body;
            try
            {
                body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                throw new RpcTransportException(Endpoint, method, $"connection lost while reading the answer ({e.Message})", isTransient: true, e);
            }
            if (!response.IsSuccessStatusCode && !LooksLikeJson(body))
            {
                var transient = (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests;
                throw new RpcTransportException(Endpoint, method, $"HTTP {(int)response.StatusCode} {response.StatusCode}", transient);
            }
            return RpcAnswer.Parse(body, Endpoint, method);
        }
    }

    private static bool LooksLikeJson(byte[] body)
    {
        var first = body.AsSpan().IndexOfAnyExcept(" \r\n\t"u8);
        return first >= 0 && body[first] is (byte)'{' or (byte)'[';
    }

    public ValueTask DisposeAsync()
    {
        client.Dispose();
        return ValueTask.CompletedTask;
    }
}
