using System.Text;
using System.Text.Json;
using Dvt.Consensus.Primitives;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;

namespace Dvt.Signer.Peer;

/// <summary>
/// The bodies of POST /peer/v1/partial-signatures. Request: {"validator_pubkey":"0x..","request":{Web3Signer body}}
/// (the typed object and fork_info, never a bare root: each holder recomputes the root), and when the sender holds a
/// share and has signed it, "partial":{"share_index":2,"signature":"0x.."} (its own partial, pushed once per root).
/// Response: {"share_index":3,"signature":"0x.."}, or {"share_index":3} when the holder has already pushed that
/// partial to the sender (it travels in the holder's own request).
/// </summary>
public static class PartialSignatureMessages
{
    public const string Path = "/peer/v1/partial-signatures";

    /// <summary>Wraps a Web3Signer body the caller has already parsed successfully (so it is one JSON value).</summary>
    public static byte[] EncodeRequest(BlsPublicKey validatorKey, ReadOnlySpan<byte> web3SignerBody, PartialSignature? senderPartial = null)
    {
        var head = Encoding.ASCII.GetBytes(senderPartial is null
            ? $"{{\"validator_pubkey\":\"{Hex.Encode(validatorKey.Span)}\",\"request\":"
            : $"{{\"validator_pubkey\":\"{Hex.Encode(validatorKey.Span)}\",\"partial\":{Encoding.ASCII.GetString(EncodeResponse(senderPartial))},\"request\":");
        var body = new byte[head.Length + web3SignerBody.Length + 1];
        head.CopyTo(body, 0);
        web3SignerBody.CopyTo(body.AsSpan(head.Length));
        body[^1] = (byte)'}';
        return body;
    }

    /// <summary>Reads a request strictly: the two fields, and the sender's partial when there is one. The returned document owns <paramref name="request"/>.</summary>
    public static JsonDocument ParseRequest(ReadOnlyMemory<byte> body, out byte[] validatorKey, out JsonElement request)
        => ParseRequest(body, out validatorKey, out request, out _);

    /// <summary>As above; <paramref name="senderPartial"/> is the sender's pushed partial (decoded with the subgroup check, not yet verified).</summary>
    public static JsonDocument ParseRequest(ReadOnlyMemory<byte> body, out byte[] validatorKey, out JsonElement request, out PartialSignature? senderPartial)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new PeerMessageFormatException("(body)", $"is not JSON: {e.Message}", e);
        }
        try
        {
            ReadRequest(document.RootElement, "", out validatorKey, out request, out senderPartial);
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads one request object strictly (a whole body, or one item of a batch; <paramref name="prefix"/> names the
    /// item in errors): the two fields, and the sender's partial when there is one (decoded with the subgroup check,
    /// not yet verified).
    /// </summary>
    public static void ReadRequest(JsonElement root, string prefix, out byte[] validatorKey, out JsonElement request, out PartialSignature? senderPartial)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new PeerMessageFormatException(prefix.Length == 0 ? "(body)" : prefix.TrimEnd('.'), $"must be an object, got {root.ValueKind}");
        foreach (var property in root.EnumerateObject())
        {
            if (!property.NameEquals("validator_pubkey") && !property.NameEquals("request") && !property.NameEquals("partial"))
                throw new PeerMessageFormatException(prefix + NameOf(property), "is not a field of a partial-signature request");
        }
        if (!root.TryGetProperty("validator_pubkey", out var key) || key.ValueKind != JsonValueKind.String
            || !Hex.TryDecodeFixed(StringOf(key, prefix + "validator_pubkey"), BlsPublicKey.Length, out validatorKey))
            throw new PeerMessageFormatException(prefix + "validator_pubkey", "must be 0x + 96 hex digits");
        if (!root.TryGetProperty("request", out request) || request.ValueKind != JsonValueKind.Object)
            throw new PeerMessageFormatException(prefix + "request", "must be the Web3Signer sign request object");
        senderPartial = null;
        if (root.TryGetProperty("partial", out var partial))
        {
            if (partial.ValueKind != JsonValueKind.Object)
                throw new PeerMessageFormatException(prefix + "partial", "must be {\"share_index\":..,\"signature\":\"0x..\"}");
            senderPartial = ReadPartial(partial, prefix + "partial.");
        }
    }

    /// <summary>
    /// A partial as sent: the signature uncompressed (192 bytes), which spares the receiver a square root in Fp2 (a slot
    /// of a thousand validators brings each holder three thousand partials); the compressed form is read as well.
    /// </summary>
    public static byte[] EncodeResponse(PartialSignature partial)
        => Encoding.ASCII.GetBytes($"{{\"share_index\":{partial.Index.Value},\"signature\":\"{Hex.Encode(partial.Signature.ToUncompressed())}\"}}");

    /// <summary>The answer of a holder that already pushed its partial to the sender: its share index only.</summary>
    public static byte[] EncodeDeliveredResponse(Dvt.Crypto.Threshold.ShareIndex index)
        => Encoding.ASCII.GetBytes($"{{\"share_index\":{index.Value}}}");

    /// <summary>Reads a holder's answer; the signature is decoded with the subgroup check (verification is the caller's).</summary>
    public static PartialSignature ParseResponse(ReadOnlyMemory<byte> body)
        => ParseReply(body).Partial ?? throw new PeerMessageFormatException("signature", SignatureForm);

    /// <summary>Reads a holder's answer, which carries no signature when the holder pushed it to the sender already.</summary>
    public static (ShareIndex Index, PartialSignature? Partial) ParseReply(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return ReadReply(document.RootElement, "");
        }
        catch (JsonException e)
        {
            throw new PeerMessageFormatException("(body)", $"is not JSON: {e.Message}", e);
        }
    }

    /// <summary>One answer object (a whole body, or one item of a batch answer).</summary>
    internal static (ShareIndex Index, PartialSignature? Partial) ReadReply(JsonElement root, string prefix)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new PeerMessageFormatException(prefix.Length == 0 ? "(body)" : prefix.TrimEnd('.'), "must be an object");
        var index = ReadIndex(root, prefix);
        return (index, root.TryGetProperty("signature", out _) ? ReadPartial(root, prefix) : null);
    }

    /// <summary>A property's name for an error message; a name that is not valid UTF-8 is not transcoded (that would throw).</summary>
    internal static string NameOf(JsonProperty property)
    {
        try
        {
            return property.Name.Length == 0 ? "(an empty name)" : property.Name;
        }
        catch (InvalidOperationException)
        {
            return "(a name that is not UTF-8)";
        }
    }

    /// <summary>A JSON string's text; a string that is not valid UTF-8 is a format error of its field, not a crash.</summary>
    internal static string StringOf(JsonElement element, string field)
    {
        try
        {
            return element.GetString() ?? "";
        }
        catch (InvalidOperationException e)
        {
            throw new PeerMessageFormatException(field, "is not valid UTF-8 text", e);
        }
    }

    private static ShareIndex ReadIndex(JsonElement element, string prefix)
    {
        if (!element.TryGetProperty("share_index", out var index) || index.ValueKind != JsonValueKind.Number || !index.TryGetInt32(out var indexValue) || indexValue is < 1 or > ShareIndex.Max)
            throw new PeerMessageFormatException(prefix + "share_index", $"must be an integer 1..{ShareIndex.Max}");
        return new ShareIndex(indexValue);
    }

    private const string SignatureForm = "must be 0x + 384 hex digits (uncompressed) or 0x + 192 (compressed)";

    internal static PartialSignature ReadPartial(JsonElement element, string prefix)
    {
        var index = ReadIndex(element, prefix);
        if (!element.TryGetProperty("signature", out var signature) || signature.ValueKind != JsonValueKind.String)
            throw new PeerMessageFormatException(prefix + "signature", SignatureForm);
        var text = StringOf(signature, prefix + "signature");
        byte[] signatureBytes;
        if (!Hex.TryDecodeFixed(text, G2Point.UncompressedLength, out signatureBytes) && !Hex.TryDecodeFixed(text, BlsSignature.Length, out signatureBytes))
            throw new PeerMessageFormatException(prefix + "signature", SignatureForm);
        try
        {
            var decoded = signatureBytes.Length == BlsSignature.Length ? BlsSignature.Decode(signatureBytes) : BlsSignature.DecodeUncompressed(signatureBytes);
            return new PartialSignature(index, decoded);
        }
        catch (BlsEncodingException e)
        {
            throw new PeerMessageFormatException(prefix + "signature", $"is not a point of G2's subgroup ({e.Message})", e);
        }
    }
}
