using System.Text.Json;
using Dvt.Consensus.Primitives;

namespace Dvt.Consensus.Json;

/// <summary>Reads a 0x-prefixed hex string of any length.</summary>
internal static class HexBytesJson
{
    public static byte[] Read(ref Utf8JsonReader reader, string typeName)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException($"{typeName} must be a 0x hex string, got {reader.TokenType}");
        var text = reader.GetString()!;
        if (!text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.Length % 2 != 0)
            throw new JsonException($"{typeName} must be 0x-prefixed hex with an even number of digits");
        try
        {
            return Hex.DecodeData(text, typeName);
        }
        catch (FormatException e)
        {
            throw new JsonException($"{typeName} is not valid hex", e);
        }
    }
}
