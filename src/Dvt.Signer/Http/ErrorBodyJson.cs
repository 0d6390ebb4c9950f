using System.Text.Json.Serialization;

namespace Dvt.Signer.Http;

/// <summary>Source-generated JSON for the error body and the public key list.</summary>
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class ErrorBodyJson : JsonSerializerContext;
