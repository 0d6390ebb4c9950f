using System.Text.Json;

namespace Dvt.ContractBindings.Rpc;

/// <summary>
/// The node answered with a JSON-RPC error object. Carries its code, message and data unchanged
/// (for reverts, data holds the revert bytes). Never retried: the node understood and refused.
/// </summary>
public sealed class RpcErrorException(Uri endpoint, string method, long code, string nodeMessage, JsonElement? data)
    : Exception($"JSON-RPC {method} at {endpoint} failed with code {code}: {nodeMessage}{(data is { } d ? " (data " + Shorten(d.GetRawText()) + ")" : string.Empty)}")
{
    public Uri Endpoint { get; } = endpoint;

    public string Method { get; } = method;

    public long Code { get; } = code;

    public string NodeMessage { get; } = nodeMessage;

    public JsonElement? ErrorData { get; } = data;

    /// <summary>The revert bytes when data is a hex string (geth and anvil put them there for execution errors).</summary>
    public byte[]? DataBytes =>
        ErrorData is { ValueKind: JsonValueKind.String } d && d.GetString() is { } s && s.StartsWith("0x", StringComparison.Ordinal)
            ? Hex.DecodeData(s, "error.data")
            : null;

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..197] + "...";
}
