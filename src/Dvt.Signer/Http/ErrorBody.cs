using System.Text.Json.Serialization;

namespace Dvt.Signer.Http;

/// <summary>The JSON error body of both APIs (the beacon API's shape).</summary>
internal sealed record ErrorBody([property: JsonPropertyName("code")] int Code, [property: JsonPropertyName("message")] string Message);
