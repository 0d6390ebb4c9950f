using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dvt.ContractBindings.Rpc;

/// <summary>Writes JSON-RPC request envelopes without reflection-based serialization.</summary>
internal static class RpcJsonWriter
{
    public static void WriteRequest(Utf8JsonWriter writer, long id, RpcRequest request)
    {
        writer.WriteStartObject();
        writer.WriteString("jsonrpc", "2.0");
        writer.WriteNumber("id", id);
        writer.WriteString("method", request.Method);
        writer.WritePropertyName("params");
        writer.WriteStartArray();
        foreach (var p in request.Parameters)
            WriteValue(writer, p);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case ulong u: writer.WriteNumberValue(u); break;
            case Address a: writer.WriteStringValue(a.ToString()); break;
            case Hash32 h: writer.WriteStringValue(h.ToString()); break;
            case BlockNumber n: writer.WriteStringValue(n.ToQuantity()); break;
            case BlockTag t: writer.WriteStringValue(t.ToString()); break;
            case UInt256 v: writer.WriteStringValue(v.ToQuantity()); break;
            case byte[] bytes: writer.WriteStringValue(Hex.Encode(bytes)); break;
            case JsonNode node: node.WriteTo(writer); break;
            case JsonElement element: element.WriteTo(writer); break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (entry.Value is null)
                        continue;
                    writer.WritePropertyName((string)entry.Key);
                    WriteValue(writer, entry.Value);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                    WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"cannot write a {value.GetType().Name} as a JSON-RPC parameter");
        }
    }
}
