using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dvt.Coordinator.Cli;

/// <summary>The --json form every view prints: camelCase, indented, nulls kept (a missing key is information).</summary>
public static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static void Write<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Options));
}
