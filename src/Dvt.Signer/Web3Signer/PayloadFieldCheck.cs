using System.Text.Json;
using Dvt.Consensus.Signing.Web3Signer;

namespace Dvt.Signer.Web3Signer;

/// <summary>
/// Names a missing payload field before the request reaches <see cref="SignRequestParser"/>, which reports that
/// case as a bare KeyNotFoundException (reported to the Consensus owner); everything else is the parser's to judge.
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

    public static SignRequest Parse(ReadOnlySpan<byte> json, Dvt.Consensus.ConsensusPreset preset)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new SignRequestFormatException("(body)", $"is not JSON: {e.Message}", e);
        }
        using (document)
            return Parse(document.RootElement, preset);
    }
}
