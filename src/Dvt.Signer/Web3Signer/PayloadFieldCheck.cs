using System.Text.Json;
using Dvt.Consensus.Signing.Web3Signer;

namespace Dvt.Signer.Web3Signer;

/// <summary>
/// Names a missing payload field before the request reaches <see cref="SignRequestParser"/>, which reports that
/// case as a bare KeyNotFoundException, and refuses trailing bytes after the body (both reported to the Consensus
/// owner); everything else is the parser's to judge.
/// </summary>
internal static class PayloadFieldCheck
{
    /// <summary>The missing payload field's name, or null when the body has it (or is not an object of a known type).</summary>
    public static string? MissingField(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
            || !SignRequestTypes.TryParse(type.GetString()!, out var requestType))
            return null;
        var field = SignRequestTypes.PayloadField(requestType);
        return body.TryGetProperty(field, out _) ? null : field;
    }

    public static SignRequest Parse(JsonElement body, Dvt.Consensus.ConsensusPreset preset)
    {
        if (MissingField(body) is { } missing)
            throw new SignRequestFormatException(missing, "is missing");
        return SignRequestParser.Parse(body, preset);
    }

    /// <summary>
    /// Parses a whole body: unlike a reader positioned on the first value, JsonDocument.Parse refuses anything after
    /// it, so the body forwarded to the holders is exactly one JSON value.
    /// </summary>
    public static SignRequest Parse(ReadOnlyMemory<byte> json, Dvt.Consensus.ConsensusPreset preset)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new SignRequestFormatException("(body)", $"is not JSON: {e.Message}", e);
        }
        using (document)
            return Parse(document.RootElement, preset);
    }
}
