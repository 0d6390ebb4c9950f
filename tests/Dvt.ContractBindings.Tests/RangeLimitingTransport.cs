using System.Text;
using System.Text.Json;
using Dvt.ContractBindings.Rpc;

namespace Dvt.ContractBindings.Tests;

/// <summary>Refuses eth_getLogs over more than <paramref name="maxBlocks"/> blocks the way hosted nodes do; counts refusals.</summary>
internal sealed class RangeLimitingTransport(IRpcTransport inner, ulong maxBlocks) : IRpcTransport
{
    public int Refusals { get; private set; }

    public Uri Endpoint => inner.Endpoint;

    public Task<JsonElement> SendAsync(ReadOnlyMemory<byte> payload, long firstId, string method, CancellationToken cancellationToken)
    {
        if (method == "eth_getLogs")
        {
            using var request = JsonDocument.Parse(payload);
            var filter = request.RootElement.GetProperty("params")[0];
            var from = Hex.DecodeQuantityUInt64(filter.GetProperty("fromBlock").GetString()!);
            var to = Hex.DecodeQuantityUInt64(filter.GetProperty("toBlock").GetString()!);
            if (to - from + 1 > maxBlocks)
            {
                Refusals++;
                var error = "{\"jsonrpc\":\"2.0\",\"id\":" + firstId + ",\"error\":{\"code\":-32005,\"message\":\"query returned more than 10000 results\"}}";
                using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(error));
                return Task.FromResult(document.RootElement.Clone());
            }
        }
        return inner.SendAsync(payload, firstId, method, cancellationToken);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
