using System.Globalization;
using System.Text.Json;
using Dvt.ContractBindings.Rpc;

namespace Dvt.Coordinator.Tests.Chain;

/// <summary>
/// Fault injection: forwards every request to a real node, but answers an eth_getLogs whose block range is wider than
/// <paramref name="maxRange"/> blocks the way capped public nodes do (JSON-RPC error -32005), so that readers' range
/// handling is tested against anvil, which serves any range.
/// </summary>
internal sealed class FaultInjectingBlockRangeCap(IRpcTransport inner, ulong maxRange) : IRpcTransport
{
    private readonly List<(ulong From, ulong To, bool Served)> ranges = [];

    public Uri Endpoint => inner.Endpoint;

    /// <summary>Every eth_getLogs range asked for, in order, and whether it was served.</summary>
    public IReadOnlyList<(ulong From, ulong To, bool Served)> Ranges
    {
        get
        {
            lock (ranges)
                return ranges.ToArray();
        }
    }

    public async Task<JsonElement> SendAsync(ReadOnlyMemory<byte> payload, long firstId, string method, CancellationToken cancellationToken)
    {
        if (method == "eth_getLogs")
        {
            using var request = JsonDocument.Parse(payload);
            var filter = request.RootElement.GetProperty("params")[0];
            var from = Quantity(filter.GetProperty("fromBlock"));
            var to = Quantity(filter.GetProperty("toBlock"));
            var refuse = to >= from && to - from + 1 > maxRange;
            lock (ranges)
                ranges.Add((from, to, !refuse));
            if (refuse)
            {
                var answer = "{\"jsonrpc\":\"2.0\",\"id\":" + firstId.ToString(CultureInfo.InvariantCulture)
                    + ",\"error\":{\"code\":-32005,\"message\":\"query exceeds max block range " + maxRange.ToString(CultureInfo.InvariantCulture) + "\"}}";
                using var error = JsonDocument.Parse(answer);
                return error.RootElement.Clone();
            }
        }
        return await inner.SendAsync(payload, firstId, method, cancellationToken).ConfigureAwait(false);
    }

    private static ulong Quantity(JsonElement value) =>
        ulong.Parse(value.GetString()!.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
