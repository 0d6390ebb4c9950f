using System.Text.Json;

namespace Dvt.Coordinator.Configuration;

/// <summary>Strict reading of one JSON object of the config: types checked, unknown names refused, errors name the field.</summary>
internal sealed class JsonFields
{
    private readonly JsonElement element;
    private readonly string path;

    public JsonFields(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new ConfigException(path.Length == 0 ? "(root)" : path, $"must be a JSON object, got {element.ValueKind}");
        this.element = element;
        this.path = path;
    }

    private string Name(string field) => path.Length == 0 ? field : $"{path}.{field}";

    public void RefuseUnknown(IReadOnlyCollection<string> known)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
                throw new ConfigException(Name(property.Name), $"unknown field (known: {string.Join(", ", known)})");
            if (!seen.Add(property.Name))
                throw new ConfigException(Name(property.Name), "appears twice");
        }
    }

    private JsonElement? Get(string field, JsonValueKind kind, string expected)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != kind)
            throw new ConfigException(Name(field), $"must be {expected}, got {value.ValueKind}");
        return value;
    }

    public string? OptionalString(string field) => Get(field, JsonValueKind.String, "a string")?.GetString();

    public string RequiredString(string field) => OptionalString(field) ?? throw new ConfigException(Name(field), "missing");

    public bool? OptionalBool(string field)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ConfigException(Name(field), $"must be true or false, got {value.ValueKind}"),
        };
    }

    public ulong? OptionalUInt64(string field)
    {
        var value = Get(field, JsonValueKind.Number, "a non-negative integer");
        if (value is null)
            return null;
        if (!value.Value.TryGetUInt64(out var number))
            throw new ConfigException(Name(field), $"must be a non-negative integer, got {value.Value.GetRawText()}");
        return number;
    }

    public ulong RequiredUInt64(string field) => OptionalUInt64(field) ?? throw new ConfigException(Name(field), "missing");

    public ulong[]? OptionalUInt64Array(string field)
    {
        var value = Get(field, JsonValueKind.Array, "an array of integers");
        if (value is null)
            return null;
        var result = new List<ulong>();
        var i = 0;
        foreach (var item in value.Value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetUInt64(out var number))
                throw new ConfigException($"{Name(field)}[{i}]", $"must be a non-negative integer, got {item.GetRawText()}");
            result.Add(number);
            i++;
        }
        return [.. result];
    }

    public JsonFields? OptionalObject(string field)
    {
        var value = Get(field, JsonValueKind.Object, "an object");
        return value is null ? null : new JsonFields(value.Value, Name(field));
    }

    public Uri? OptionalUri(string field, IReadOnlyCollection<string> schemes)
    {
        var text = OptionalString(field);
        if (text is null)
            return null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme))
            throw new ConfigException(Name(field), $"'{text}' is not an absolute {string.Join("/", schemes)} URL");
        if (!string.IsNullOrEmpty(uri.UserInfo))
            throw new ConfigException(Name(field), "must not carry credentials (user:password@)");
        return uri;
    }

    public Uri RequiredUri(string field, IReadOnlyCollection<string> schemes) =>
        OptionalUri(field, schemes) ?? throw new ConfigException(Name(field), "missing");

    public byte[]? OptionalFixedHex(string field, int length)
    {
        var text = OptionalString(field);
        if (text is null)
            return null;
        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        if (digits.Length != 2 * length)
            throw new ConfigException(Name(field), $"must be {length} bytes of hex (0x + {2 * length} digits), got '{text}'");
        try
        {
            return Convert.FromHexString(digits);
        }
        catch (FormatException)
        {
            throw new ConfigException(Name(field), $"'{text}' is not hex");
        }
    }
}
