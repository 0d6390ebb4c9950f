using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dvt.Crypto.Tests;

/// <summary>Strict reading of vector files: unknown fields, missing fields and unexpected nulls are errors.</summary>
internal static class VectorJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static T Read<T>(string path)
    {
        var value = JsonSerializer.Deserialize<T>(File.ReadAllBytes(path), Options);
        return value ?? throw new InvalidDataException($"{path}: the file holds JSON null");
    }
}
