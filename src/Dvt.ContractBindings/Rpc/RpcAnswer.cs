using System.Text.Json;

namespace Dvt.ContractBindings.Rpc;

/// <summary>Parses a node's answer bytes, turning anything that is not JSON into a clear transport error.</summary>
internal static class RpcAnswer
{
    public static JsonElement Parse(ReadOnlySpan<byte> body, Uri endpoint, string method)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (reader.BytesConsumed != body.Length && body[(int)reader.BytesConsumed..].IndexOfAnyExcept(" \r\n\t"u8) >= 0)
                throw new JsonException("trailing text after the JSON value");
            var root = document.RootElement;
            if (root.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
                throw new JsonException($"expected an object or array, got {root.ValueKind}");
            return root.Clone();
        }
        catch (JsonException e)
        {
            var preview = System.Text.Encoding.UTF8.GetString(body[..Math.Min(body.Length, 120)]);
            throw new RpcTransportException(endpoint, method, $"answer is not JSON ({e.Message}): '{preview}'", isTransient: false, e);
        }
    }
}
