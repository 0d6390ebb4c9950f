using System.Text;
using System.Text.Json;
using Dvt.Crypto.Threshold;

namespace Dvt.Signer.Peer;

/// <summary>
/// The bodies of POST /peer/v1/partial-signature-batches: many partial-signature requests to one holder in one
/// authenticated request. Request: {"items":[item, ..]} with 1..<see cref="MaxItems"/> items, each exactly a body of
/// <see cref="PartialSignatureMessages.Path"/> (validator_pubkey, request, optional partial). Response:
/// {"items":[answer, ..]}, one per item in order, each either that path's 200 body ({"share_index":..,"signature":..}
/// or {"share_index":..}) or the status and message that path would have answered: {"code":412,"message":".."}.
/// </summary>
public static class PartialSignatureBatchMessages
{
    public const string Path = "/peer/v1/partial-signature-batches";

    /// <summary>The most items one batch may carry: a batch of attestations then stays well under the body cap (2 MiB).</summary>
    public const int MaxItems = 512;

    /// <summary>Wraps request items, each a body <see cref="PartialSignatureMessages.EncodeRequest"/> made.</summary>
    public static byte[] EncodeRequest(IReadOnlyList<byte[]> items) => Wrap(items);

    /// <summary>Wraps the items' answers, each a 200 body of the single path or <see cref="EncodeItemError"/>.</summary>
    public static byte[] EncodeResponse(IReadOnlyList<byte[]> answers) => Wrap(answers);

    public static byte[] EncodeItemError(int status, string message)
        => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["code"] = status, ["message"] = message });

    /// <summary>
    /// Reads a batch's envelope strictly: one field, items, an array of 1..<see cref="MaxItems"/> values. Each item is
    /// read on its own (<see cref="PartialSignatureMessages.ReadRequest"/>), so one bad item is refused alone. The
    /// returned document owns the items.
    /// </summary>
    public static JsonDocument ParseRequest(ReadOnlyMemory<byte> body, out IReadOnlyList<JsonElement> items)
    {
        var document = Parse(body);
        try
        {
            items = ReadItems(document.RootElement, "batch request");
            if (items.Count == 0)
                throw new PeerMessageFormatException("items", "must hold at least one request");
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>Reads a holder's answer to a batch of <paramref name="expected"/> items; partials decoded with the subgroup check, not verified.</summary>
    public static IReadOnlyList<PartialSignatureBatchAnswer> ParseResponse(ReadOnlyMemory<byte> body, int expected)
    {
        using var document = Parse(body);
        var items = ReadItems(document.RootElement, "batch answer");
        if (items.Count != expected)
            throw new PeerMessageFormatException("items", $"holds {items.Count} answers for {expected} requests");
        var answers = new List<PartialSignatureBatchAnswer>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var prefix = $"items[{i}].";
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("code", out var code))
            {
                if (code.ValueKind != JsonValueKind.Number || !code.TryGetInt32(out var status) || status is < 400 or > 599)
                    throw new PeerMessageFormatException(prefix + "code", "must be an HTTP error status 400..599");
                var message = item.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String ? PartialSignatureMessages.StringOf(text, prefix + "message") : "";
                answers.Add(new PartialSignatureBatchAnswer.Error(status, message.Length > 512 ? message[..512] : message));
                continue;
            }
            var (index, partial) = PartialSignatureMessages.ReadReply(item, prefix);
            answers.Add(new PartialSignatureBatchAnswer.Answered(index, partial));
        }
        return answers;
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new PeerMessageFormatException("(body)", $"is not JSON: {e.Message}", e);
        }
    }

    private static List<JsonElement> ReadItems(JsonElement root, string what)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new PeerMessageFormatException("(body)", $"a {what} must be an object, got {root.ValueKind}");
        foreach (var property in root.EnumerateObject())
        {
            if (!property.NameEquals("items"))
                throw new PeerMessageFormatException(PartialSignatureMessages.NameOf(property), $"is not a field of a {what}");
        }
        if (!root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
            throw new PeerMessageFormatException("items", "must be an array");
        var count = items.GetArrayLength();
        if (count > MaxItems)
            throw new PeerMessageFormatException("items", $"holds {count} entries; at most {MaxItems} fit one batch");
        return items.EnumerateArray().ToList();
    }

    private static byte[] Wrap(IReadOnlyList<byte[]> parts)
    {
        var head = "{\"items\":["u8;
        var length = head.Length + 2 + parts.Sum(p => p.Length) + Math.Max(0, parts.Count - 1);
        var body = new byte[length];
        var at = 0;
        head.CopyTo(body);
        at += head.Length;
        for (var i = 0; i < parts.Count; i++)
        {
            if (i > 0)
                body[at++] = (byte)',';
            parts[i].CopyTo(body, at);
            at += parts[i].Length;
        }
        body[at++] = (byte)']';
        body[at] = (byte)'}';
        return body;
    }
}
