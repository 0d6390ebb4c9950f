using System.Text.Json;
using System.Text.Json.Serialization;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Json;

/// <summary>A bitvector as 0x hex of its bytes; N is read as 8 × bytes (the containers check N against the preset).</summary>
public sealed class BitvectorJsonConverter : JsonConverter<Bitvector>
{
    public override Bitvector Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var bytes = HexBytesJson.Read(ref reader, "Bitvector");
        if (bytes.Length == 0)
            throw new JsonException("Bitvector must have at least one byte");
        return Bitvector.Decode(bytes, 8 * bytes.Length);
    }

    public override void Write(Utf8JsonWriter writer, Bitvector value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
