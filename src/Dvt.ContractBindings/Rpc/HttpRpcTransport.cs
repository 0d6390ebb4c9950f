using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Dvt.ContractBindings.Rpc;

/// <summary>JSON-RPC over HTTP POST with pooled keep-alive connections.</summary>
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
            // The client applies its own per-request timeout through the cancellation token.
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
            catch (HttpRequestException e)
            {
                throw new RpcTransportException(Endpoint, method, $"connection lost while reading the answer ({e.Message})", isTransient: true, e);
            }
            if (!response.IsSuccessStatusCode && !LooksLikeJson(body))
            {
                var transient = (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests;
                throw new RpcTransportException(Endpoint, method, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", transient);
            }
            return RpcAnswer.Parse(body, Endpoint, method);
        }
    }

    private static bool LooksLikeJson(byte[] body)
    {
        foreach (var b in body)
        {
            if (b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
                continue;
            return b is (byte)'{' or (byte)'[';
        }
        return false;
    }

    public ValueTask DisposeAsync()
    {
        client.Dispose();
        return ValueTask.CompletedTask;
    }
}
