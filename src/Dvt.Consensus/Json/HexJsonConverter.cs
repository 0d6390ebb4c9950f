using System.Text.Json;
using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;

namespace Dvt.Consensus.Json;

/// <summary>A fixed-length byte type as 0x-prefixed hex, its length checked.</summary>
public sealed class HexJsonConverter<T> : JsonConverter<T> where T : struct, IFixedBytes<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException($"{typeof(T).Name} must be a hex string, got {reader.TokenType}");
        try
        {
            return T.Parse(reader.GetString()!);
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue("0x" + Convert.ToHexStringLower(value.AsSpan()));
}
