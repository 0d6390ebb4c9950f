using System.Collections.Concurrent;
using System.Text.Json;
using Dvt.ContractBindings.Rpc;

namespace Dvt.ContractBindings.Tests;

/// <summary>Wraps a transport, failing the first <paramref name="failures"/> sends with a transient error, counting calls in all and per method.</summary>
internal sealed class CountingTransport(IRpcTransport inner, int failures) : IRpcTransport
{
    private readonly ConcurrentDictionary<string, int> byMethod = new();
    private int calls;

    public int Calls => calls;

    /// <summary>Sends of one JSON-RPC method (batches count under "batch of N").</summary>
    public int CallsOf(string method) => byMethod.GetValueOrDefault(method);

    /// <summary>Requests of <paramref name="method"/> alone or in a batch that starts with it ("batch of 3 (eth_getTransactionReceipt, ...)").</summary>
    public int CallsIncludingBatchesOf(string method) =>
        byMethod.Where(m => m.Key == method || (m.Key.StartsWith("batch of ", StringComparison.Ordinal) && m.Key.Contains($"({method}", StringComparison.Ordinal))).Sum(m => m.Value);

    public Uri Endpoint => inner.Endpoint;

    public Task<JsonElement> SendAsync(ReadOnlyMemory<byte> payload, long firstId, string method, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref calls);
        byMethod.AddOrUpdate(method, 1, (_, count) => count + 1);
        if (n <= failures)
            throw new RpcTransportException(Endpoint, method, "injected connection reset", isTransient: true);
        return inner.SendAsync(payload, firstId, method, cancellationToken);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
