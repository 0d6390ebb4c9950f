using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;

namespace Dvt.Consensus.Json;

/// <summary>
/// A uint64 strong type as the beacon API writes it: a decimal string ("12"). A bare JSON number
/// is accepted too, since some clients send one; anything else is refused with the type's name.
/// </summary>
public sealed class DecimalStringJsonConverter<T> : JsonConverter<T> where T : struct, IUInt64Value<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var number))
            return T.FromUInt64(number);
        if (reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && !reader.ValueIsEscaped
            && Utf8Parser.TryParse(reader.ValueSpan, out ulong value, out var consumed)
            && consumed == reader.ValueSpan.Length && reader.ValueSpan.Length > 0 && reader.ValueSpan[0] != (byte)'+')
            return T.FromUInt64(value);
        throw new JsonException($"{typeof(T).Name} must be a decimal uint64 string, got {Describe(ref reader)}");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value.ToString(CultureInfo.InvariantCulture));

    internal static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => $"\"{reader.GetString()}\"",
        JsonTokenType.Number => "a number out of range",
        _ => reader.TokenType.ToString(),
    };
}
