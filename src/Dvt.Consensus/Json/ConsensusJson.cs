using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dvt.Consensus.Json;

/// <summary>
/// Options that read and write the containers the way the beacon API and Web3Signer do:
/// snake_case field names, uint64 as decimal strings, bytes as 0x hex, unknown or missing fields refused.
/// </summary>
public static class ConsensusJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
