using System.Text.Json;
using System.Text.Json.Serialization;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Json;

/// <summary>A bitlist as the beacon API writes it: 0x hex of its SSZ form (delimiter included).</summary>
public sealed class BitlistJsonConverter : JsonConverter<Bitlist>
{
    /// <summary>Above any Bitlist the consensus containers carry; the container then checks its own limit.</summary>
    private const int ReadLimit = 1 << 20;

    public override Bitlist Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var bytes = HexBytesJson.Read(ref reader, "Bitlist");
        try
        {
            return Bitlist.Decode(bytes, ReadLimit);
        }
        catch (SszDecodingException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, Bitlist value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
