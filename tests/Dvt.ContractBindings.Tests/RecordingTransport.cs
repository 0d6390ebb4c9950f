using System.Text;
using System.Text.Json;
using Dvt.ContractBindings.Rpc;

namespace Dvt.ContractBindings.Tests;

/// <summary>Wraps a real transport and keeps every request body it sends, so a test can count what reached the node.</summary>
internal sealed class RecordingTransport(IRpcTransport inner) : IRpcTransport
{
    private readonly List<JsonElement> requests = [];

    public Uri Endpoint => inner.Endpoint;

    /// <summary>Every JSON-RPC request sent (a batch's requests one by one).</summary>
    public IReadOnlyList<JsonElement> Requests
    {
        get
        {
            lock (requests)
                return requests.ToArray();
        }
    }

    public int Count(string method) => Requests.Count(r => r.GetProperty("method").GetString() == method);

    public Task<JsonElement> SendAsync(ReadOnlyMemory<byte> payload, long firstId, string method, CancellationToken cancellationToken)
    {
        using var body = JsonDocument.Parse(Encoding.UTF8.GetString(payload.Span));
        lock (requests)
        {
            if (body.RootElement.ValueKind == JsonValueKind.Array)
                requests.AddRange(body.RootElement.EnumerateArray().Select(e => e.Clone()));
            else
                requests.Add(body.RootElement.Clone());
        }
        return inner.SendAsync(payload, firstId, method, cancellationToken);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}

/// <summary>Fault injection: answers an eth_call without `to` (a deployless call) with an error, as a node without them would; the rest goes to the real node.</summary>
internal sealed class FaultInjectingDeploylessRefusal(IRpcTransport inner) : IRpcTransport
{
    public Uri Endpoint => inner.Endpoint;

    public Task<JsonElement> SendAsync(ReadOnlyMemory<byte> payload, long firstId, string method, CancellationToken cancellationToken)
    {
        using var body = JsonDocument.Parse(Encoding.UTF8.GetString(payload.Span));
        var root = body.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.GetProperty("method").GetString() == "eth_call"
            && !root.GetProperty("params")[0].TryGetProperty("to", out _))
        {
            var refusal = "{\"jsonrpc\":\"2.0\",\"id\":" + root.GetProperty("id").GetRawText()
                + ",\"error\":{\"code\":-32000,\"message\":\"contract creation is not supported in eth_call\"}}";
            using var answer = JsonDocument.Parse(refusal);
            return Task.FromResult(answer.RootElement.Clone());
        }
        return inner.SendAsync(payload, firstId, method, cancellationToken);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
