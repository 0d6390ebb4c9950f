using System.Text.Json;
using Dvt.ContractBindings.Rpc;

namespace Dvt.ContractBindings.Tests;

/// <summary>Wraps a transport, failing the first <paramref name="failures"/> sends with a transient error, counting calls.</summary>
internal sealed class CountingTransport(IRpcTransport inner, int failures) : IRpcTransport
{
    private int calls;

    public int Calls => calls;

    public Uri Endpoint => inner.Endpoint;

    public Task<JsonElement> SendAsync(ReadOnlyMemory<byte> payload, long firstId, string method, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref calls);
        if (n <= failures)
            throw new RpcTransportException(Endpoint, method, "injected connection reset", isTransient: true);
        return inner.SendAsync(payload, firstId, method, cancellationToken);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
