using System.Text.Json;

namespace Dvt.ContractBindings.Rpc;

/// <summary>Strict readers for the fields of JSON-RPC results; errors name the field.</summary>
public static class RpcJson
{
    public static JsonElement Field(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object)
            throw new FormatException($"expected an object holding '{name}', got {parent.ValueKind}");
        return parent.TryGetProperty(name, out var value) ? value : throw new FormatException($"missing field '{name}'");
    }

    public static string String(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new FormatException($"{field}: expected a string, got {element.ValueKind}");

    public static ulong UInt64(JsonElement element, string field) => Hex.DecodeQuantityUInt64(String(element, field), field);

    public static UInt256 UInt256(JsonElement element, string field) => Dvt.ContractBindings.UInt256.ParseQuantity(String(element, field), field);

    public static BlockNumber BlockNumber(JsonElement element, string field) => new(UInt64(element, field));

    public static Hash32 Hash(JsonElement element, string field) => Hash32.Parse(String(element, field), field);

    public static Address Address(JsonElement element, string field) => Dvt.ContractBindings.Address.Parse(String(element, field), field);

    public static byte[] Data(JsonElement element, string field) => Hex.DecodeData(String(element, field), field);

    public static Address? OptionalAddress(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? Address(v, name) : null;
}
