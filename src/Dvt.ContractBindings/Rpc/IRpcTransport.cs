using System.Text.Json;

namespace Dvt.ContractBindings.Rpc;

/// <summary>
/// Moves one JSON-RPC payload (a request object or a batch array) to a node and returns its parsed answer.
/// Transports throw <see cref="RpcTransportException"/> for everything below JSON-RPC: refused connections,
/// HTTP failures, closed sockets, unparseable answers.
/// </summary>
public interface IRpcTransport : IAsyncDisposable
{
    /// <summary>The node's address, for error messages.</summary>
    Uri Endpoint { get; }

    /// <param name="payload">UTF-8 JSON of the request or batch.</param>
    /// <param name="firstId">The id of the (first) request, which a multiplexing transport matches answers by.</param>
    /// <param name="method">The method name (or "batch of N"), for error messages.</param>
    Task<JsonElement> SendAsync(ReadOnlyMemory<byte> payload, long firstId, string method, CancellationToken cancellationToken);
}
