using Dvt.Consensus.Primitives;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Dvt.SlashingProtection.Interchange;

/// <summary>
/// Strict reading and writing of EIP-3076 interchange JSON (format version 5). Unknown, missing,
/// duplicated or mistyped fields are refused with an <see cref="InterchangeFormatException"/>
/// naming the field: a slashing-protection file that is half understood is not imported.
/// </summary>
public static class InterchangeJson
{
    private static readonly JsonDocumentOptions ReadOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 16,
    };

    public static InterchangeDocument Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json));
    }

    public static InterchangeDocument Parse(ReadOnlyMemory<byte> utf8Json)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json.Span))
            throw new InterchangeFormatException("$", "not valid UTF-8");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, ReadOptions);
        }
        catch (JsonException e)
        {
            throw new InterchangeFormatException("$", $"not valid JSON: {e.Message}");
        }
        using (document)
            return ReadDocument(document.RootElement);
    }

    public static string Write(InterchangeDocument interchange)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("metadata");
            writer.WriteString("interchange_format_version", InterchangeDocument.FormatVersion);
            writer.WriteString("genesis_validators_root", interchange.GenesisValidatorsRoot.ToString());
            writer.WriteEndObject();
            writer.WriteStartArray("data");
            foreach (var validator in interchange.Data)
            {
                writer.WriteStartObject();
                writer.WriteString("pubkey", validator.PublicKey.ToString());
                writer.WriteStartArray("signed_blocks");
                foreach (var block in validator.SignedBlocks)
                {
                    writer.WriteStartObject();
                    writer.WriteString("slot", block.Slot.ToString());
                    if (block.SigningRoot is { IsZero: false } root)
                        writer.WriteString("signing_root", root.ToString());
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteStartArray("signed_attestations");
                foreach (var attestation in validator.SignedAttestations)
                {
                    writer.WriteStartObject();
                    writer.WriteString("source_epoch", attestation.Source.ToString());
                    writer.WriteString("target_epoch", attestation.Target.ToString());
                    if (attestation.SigningRoot is { IsZero: false } root)
                        writer.WriteString("signing_root", root.ToString());
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static InterchangeDocument ReadDocument(JsonElement root)
    {
        var fields = Fields(root, "$", required: ["metadata", "data"], optional: []);
        var metadata = Fields(fields["metadata"], "metadata", required: ["interchange_format_version", "genesis_validators_root"], optional: []);

        var version = String(metadata["interchange_format_version"], "metadata.interchange_format_version");
        if (version != InterchangeDocument.FormatVersion)
            throw new InterchangeFormatException(
                "metadata.interchange_format_version", $"expected \"{InterchangeDocument.FormatVersion}\", got \"{Shorten(version)}\"");
        var genesis = new GenesisValidatorsRoot(Hex(metadata["genesis_validators_root"], "metadata.genesis_validators_root", GenesisValidatorsRoot.Length));

        var data = Array(fields["data"], "data");
        var validators = new List<InterchangeValidator>(data.GetArrayLength());
        var index = 0;
        foreach (var entry in data.EnumerateArray())
            validators.Add(ReadValidator(entry, $"data[{index++}]"));
        return new InterchangeDocument(genesis, validators);
    }

    private static InterchangeValidator ReadValidator(JsonElement element, string path)
    {
        var fields = Fields(element, path, required: ["pubkey", "signed_blocks", "signed_attestations"], optional: []);
        var publicKey = new ValidatorPublicKeyBytes(Hex(fields["pubkey"], $"{path}.pubkey", ValidatorPublicKeyBytes.Length));

        var blocks = new List<SignedBlockRecord>();
        var index = 0;
        foreach (var block in Array(fields["signed_blocks"], $"{path}.signed_blocks").EnumerateArray())
        {
            var blockPath = $"{path}.signed_blocks[{index++}]";
            var blockFields = Fields(block, blockPath, required: ["slot"], optional: ["signing_root"]);
            blocks.Add(new SignedBlockRecord(
                new Slot(Decimal(blockFields["slot"], $"{blockPath}.slot")),
                OptionalRoot(blockFields, blockPath)));
        }

        var attestations = new List<SignedAttestationRecord>();
        index = 0;
        foreach (var attestation in Array(fields["signed_attestations"], $"{path}.signed_attestations").EnumerateArray())
        {
            var attestationPath = $"{path}.signed_attestations[{index++}]";
            var attestationFields = Fields(attestation, attestationPath, required: ["source_epoch", "target_epoch"], optional: ["signing_root"]);
            attestations.Add(new SignedAttestationRecord(
                new Epoch(Decimal(attestationFields["source_epoch"], $"{attestationPath}.source_epoch")),
                new Epoch(Decimal(attestationFields["target_epoch"], $"{attestationPath}.target_epoch")),
                OptionalRoot(attestationFields, attestationPath)));
        }
        return new InterchangeValidator(publicKey, blocks, attestations);
    }

    private static SigningRoot? OptionalRoot(Dictionary<string, JsonElement> fields, string path)
        => fields.TryGetValue("signing_root", out var value)
            ? new SigningRoot(Hex(value, $"{path}.signing_root", SigningRoot.Length))
            : null;

    private static Dictionary<string, JsonElement> Fields(JsonElement element, string path, string[] required, string[] optional)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new InterchangeFormatException(path, $"expected an object, got {Kind(element)}");
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var name = PropertyName(property, path);
            if (!required.Contains(name) && !optional.Contains(name))
                throw new InterchangeFormatException(Join(path, name),
                    $"unknown field (allowed: {string.Join(", ", required.Concat(optional))})");
            if (!fields.TryAdd(name, property.Value))
                throw new InterchangeFormatException(Join(path, name), "field appears twice");
        }
        foreach (var name in required)
        {
            if (!fields.ContainsKey(name))
                throw new InterchangeFormatException(Join(path, name), "required field is missing");
        }
        return fields;
    }

    private static string PropertyName(JsonProperty property, string path)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            throw new InterchangeFormatException(path, "a field name is not valid Unicode text");
        }
    }

    private static JsonElement Array(JsonElement element, string path)
        => element.ValueKind == JsonValueKind.Array
            ? element
            : throw new InterchangeFormatException(path, $"expected an array, got {Kind(element)}");

    private static string String(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String)
            throw new InterchangeFormatException(path, $"expected a string, got {Kind(element)}");
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // An escape such as "\ud800" that decodes to no valid text.
            throw new InterchangeFormatException(path, "string is not valid Unicode text");
        }
    }

    private static ulong Decimal(JsonElement element, string path)
    {
        var text = String(element, path);
        if (text.Length is 0 or > 20 || !text.All(char.IsAsciiDigit)
            || !ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw new InterchangeFormatException(path, $"expected a decimal string of an unsigned 64-bit integer, got \"{Shorten(text)}\"");
        return value;
    }

    private static byte[] Hex(JsonElement element, string path, int length)
        => Dvt.Consensus.Primitives.Hex.DecodeFixed(String(element, path), length, out var problem)
            ?? throw new InterchangeFormatException(path, problem!);

    private static string Join(string path, string name) => name switch
    {
        "" => $"{path}[\"\"]",
        _ when path == "$" => name,
        _ => $"{path}.{name}",
    };

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => element.ValueKind.ToString(),
    };

    private static string Shorten(string text) => text.Length <= 24 ? text : text[..24] + "...";
}
