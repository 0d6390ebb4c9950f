using System.Text;
using System.Text.Json;
using Dvt.Consensus.Primitives;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;

namespace Dvt.Signer.Peer;

/// <summary>
/// The bodies of POST /peer/v1/partial-signatures. Request: {"validator_pubkey":"0x..","request":{Web3Signer body}}
/// (the typed object and fork_info, never a bare root: each holder recomputes the root). Response:
/// {"share_index":3,"signature":"0x.."}.
/// </summary>
public static class PartialSignatureMessages
{
    public const string Path = "/peer/v1/partial-signatures";

    /// <summary>Wraps a Web3Signer body the caller has already parsed successfully (so it is one JSON value).</summary>
    public static byte[] EncodeRequest(BlsPublicKey validatorKey, ReadOnlySpan<byte> web3SignerBody)
    {
        var head = Encoding.ASCII.GetBytes($"{{\"validator_pubkey\":\"{Hex.Encode(validatorKey.Span)}\",\"request\":");
        var body = new byte[head.Length + web3SignerBody.Length + 1];
        head.CopyTo(body, 0);
        web3SignerBody.CopyTo(body.AsSpan(head.Length));
        body[^1] = (byte)'}';
        return body;
    }

    /// <summary>Reads a request strictly: exactly the two fields. The returned document owns <paramref name="request"/>.</summary>
    public static JsonDocument ParseRequest(ReadOnlyMemory<byte> body, out byte[] validatorKey, out JsonElement request)
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
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new PeerMessageFormatException("(body)", $"must be an object, got {root.ValueKind}");
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name is not ("validator_pubkey" or "request"))
                    throw new PeerMessageFormatException(property.Name, "is not a field of a partial-signature request");
            }
            if (!root.TryGetProperty("validator_pubkey", out var key) || key.ValueKind != JsonValueKind.String
                || !Hex.TryDecodeFixed(key.GetString(), BlsPublicKey.Length, out validatorKey))
                throw new PeerMessageFormatException("validator_pubkey", "must be 0x + 96 hex digits");
            if (!root.TryGetProperty("request", out request) || request.ValueKind != JsonValueKind.Object)
                throw new PeerMessageFormatException("request", "must be the Web3Signer sign request object");
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    public static byte[] EncodeResponse(PartialSignature partial)
        => Encoding.ASCII.GetBytes($"{{\"share_index\":{partial.Index.Value},\"signature\":\"{Hex.Encode(partial.Signature.Span)}\"}}");

    /// <summary>Reads a holder's answer; the signature is decoded with the subgroup check (verification is the caller's).</summary>
    public static PartialSignature ParseResponse(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new PeerMessageFormatException("(body)", "must be an object");
            if (!root.TryGetProperty("share_index", out var index) || !index.TryGetInt32(out var indexValue) || indexValue is < 1 or > ShareIndex.Max)
                throw new PeerMessageFormatException("share_index", $"must be an integer 1..{ShareIndex.Max}");
            if (!root.TryGetProperty("signature", out var signature) || signature.ValueKind != JsonValueKind.String
                || !Hex.TryDecodeFixed(signature.GetString(), BlsSignature.Length, out var signatureBytes))
                throw new PeerMessageFormatException("signature", "must be 0x + 192 hex digits");
            if (!BlsSignature.TryDecode(signatureBytes, out var decoded) || decoded is null)
                throw new PeerMessageFormatException("signature", "is not a point of G2's subgroup");
            return new PartialSignature(new ShareIndex(indexValue), decoded);
        }
        catch (JsonException e)
        {
            throw new PeerMessageFormatException("(body)", $"is not JSON: {e.Message}", e);
        }
    }
}
