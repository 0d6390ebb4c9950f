using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dvt.Coordinator.Configuration;

/// <summary>
/// A JSON syntax error as a person reads it: "line 3, column 14: ..." counted from 1, as editors count
/// (System.Text.Json counts lines and bytes from 0 and appends them to its message).
/// </summary>
public static partial class JsonSyntaxError
{
    public static string Describe(JsonException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var reason = Location().Replace(error.Message, "").Trim().TrimEnd('.');
        return error.LineNumber is { } line
            ? $"line {line + 1}, column {(error.BytePositionInLine ?? 0) + 1}: {reason}"
            : reason;
    }

    [GeneratedRegex(@"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?")]
    private static partial Regex Location();
}
