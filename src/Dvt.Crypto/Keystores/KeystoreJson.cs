using Dvt.Consensus.Primitives;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dvt.Crypto.Bls;

namespace Dvt.Crypto.Keystores;

/// <summary>
/// The EIP-2335 JSON form. Reading is strict inside "crypto" (every field required, unknown ones refused) and at the
/// top level, where only "name" (written by ethdo) is tolerated besides the EIP's fields.
/// </summary>
internal static class KeystoreJson
{
    private static readonly string[] TopLevelFields = ["crypto", "description", "pubkey", "path", "uuid", "version", "name"];

    public static Keystore Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            // System.Text.Json counts lines from 0; people and editors count from 1.
            throw new KeystoreFormatException("(document)", e.LineNumber is { } line
                ? $"is not JSON (line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1})"
                : $"is not JSON: {e.Message}");
        }
        using (document)
        {
            var root = new Fields(document.RootElement, "");
            root.RefuseUnknown(TopLevelFields);
            var version = root.Int("version");
            if (version != Keystore.FormatVersion)
                throw new KeystoreFormatException("version", $"must be {Keystore.FormatVersion}, got {version}");

            var crypto = root.Object("crypto");
            crypto.RefuseUnknown(["kdf", "checksum", "cipher"]);
            var kdf = ReadKdf(crypto.Object("kdf"));

            var checksum = crypto.Object("checksum");
            checksum.RefuseUnknown(["function", "params", "message"]);
            checksum.RequireFunction("sha256");
            checksum.Object("params").RefuseUnknown([]);

            var cipher = crypto.Object("cipher");
            cipher.RefuseUnknown(["function", "params", "message"]);
            cipher.RequireFunction("aes-128-ctr");
            var cipherParams = cipher.Object("params");
            cipherParams.RefuseUnknown(["iv"]);

            return new Keystore(
                kdf,
                checksum.Hex("message"),
                cipherParams.Hex("iv"),
                cipher.Hex("message"),
                root.Has("pubkey") ? ReadPubkey(root) : null,
                root.String("path"),
                root.Uuid("uuid"),
                root.Has("description") ? root.String("description") : "");
        }
    }

    public static string Write(Keystore keystore)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("crypto");

            writer.WriteStartObject("kdf");
            writer.WriteString("function", keystore.Kdf.Function);
            writer.WriteStartObject("params");
            writer.WriteNumber("dklen", KdfParameters.DerivedKeyLength);
            switch (keystore.Kdf)
            {
                case ScryptParameters scrypt:
                    writer.WriteNumber("n", scrypt.N);
                    writer.WriteNumber("r", scrypt.R);
                    writer.WriteNumber("p", scrypt.P);
                    break;
                case Pbkdf2Parameters pbkdf2:
                    writer.WriteNumber("c", pbkdf2.Iterations);
                    writer.WriteString("prf", Pbkdf2Parameters.Prf);
                    break;
                default:
                    throw new InvalidOperationException($"no JSON form for KDF {keystore.Kdf.GetType().Name}");
            }
            writer.WriteString("salt", Convert.ToHexStringLower(keystore.Kdf.Salt.Span));
            writer.WriteEndObject();
            writer.WriteString("message", "");
            writer.WriteEndObject();

            writer.WriteStartObject("checksum");
            writer.WriteString("function", "sha256");
            writer.WriteStartObject("params");
            writer.WriteEndObject();
            writer.WriteString("message", Convert.ToHexStringLower(keystore.Checksum.Span));
            writer.WriteEndObject();

            writer.WriteStartObject("cipher");
            writer.WriteString("function", "aes-128-ctr");
            writer.WriteStartObject("params");
            writer.WriteString("iv", Convert.ToHexStringLower(keystore.Iv.Span));
            writer.WriteEndObject();
            writer.WriteString("message", Convert.ToHexStringLower(keystore.CipherText.Span));
            writer.WriteEndObject();

            writer.WriteEndObject();
            writer.WriteString("description", keystore.Description);
            if (keystore.Pubkey is { } pubkey)
                writer.WriteString("pubkey", Convert.ToHexStringLower(pubkey.AsSpan()));
            writer.WriteString("path", keystore.Path);
            writer.WriteString("uuid", keystore.Uuid.ToString("D"));
            writer.WriteNumber("version", Keystore.FormatVersion);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static KdfParameters ReadKdf(Fields kdf)
    {
        kdf.RefuseUnknown(["function", "params", "message"]);
        var function = kdf.String("function");
        var parameters = kdf.Object("params");
        KdfParameters result;
        switch (function)
        {
            case "scrypt":
                parameters.RefuseUnknown(["dklen", "n", "r", "p", "salt"]);
                result = new ScryptParameters(parameters.Int("n"), parameters.Int("r"), parameters.Int("p"), parameters.Hex("salt"));
                break;
            case "pbkdf2":
                parameters.RefuseUnknown(["dklen", "c", "prf", "salt"]);
                var prf = parameters.String("prf");
                if (prf != Pbkdf2Parameters.Prf)
                    throw new KeystoreFormatException(parameters.PathOf("prf"), $"must be \"{Pbkdf2Parameters.Prf}\", got \"{prf}\"");
                result = new Pbkdf2Parameters(parameters.Int("c"), parameters.Hex("salt"));
                break;
            default:
                throw new KeystoreFormatException(kdf.PathOf("function"), $"must be \"scrypt\" or \"pbkdf2\", got \"{function}\"");
        }
        var dklen = parameters.Int("dklen");
        if (dklen != KdfParameters.DerivedKeyLength)
            throw new KeystoreFormatException(parameters.PathOf("dklen"), $"must be {KdfParameters.DerivedKeyLength}, got {dklen}");
        return result;
    }

    private static BlsPublicKeyBytes ReadPubkey(Fields root)
    {
        var bytes = root.Hex("pubkey");
        if (bytes.Length != BlsPublicKeyBytes.Length)
            throw new KeystoreFormatException("pubkey", $"must be {BlsPublicKeyBytes.Length} bytes, got {bytes.Length}");
        return new BlsPublicKeyBytes(bytes);
    }

    /// <summary>A JSON object read field by field, errors naming the dotted path.</summary>
    private readonly struct Fields
    {
        private readonly JsonElement _element;
        private readonly string _path;

        public Fields(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
                throw new KeystoreFormatException(path.Length == 0 ? "(document)" : path, $"must be an object, got {element.ValueKind}");
            _element = element;
            _path = path;
        }

        public string PathOf(string name) => _path.Length == 0 ? name : $"{_path}.{name}";

        public bool Has(string name) => _element.TryGetProperty(name, out _);

        public void RefuseUnknown(string[] known)
        {
            foreach (var property in _element.EnumerateObject())
            {
                if (Array.IndexOf(known, property.Name) < 0)
                    throw new KeystoreFormatException(PathOf(property.Name), "is not an EIP-2335 keystore field");
            }
        }

        public Fields Object(string name) => new(Get(name, JsonValueKind.Object), PathOf(name));

        public string String(string name) => Get(name, JsonValueKind.String).GetString()!;

        public int Int(string name)
        {
            var value = Get(name, JsonValueKind.Number);
            return value.TryGetInt32(out var number)
                ? number
                : throw new KeystoreFormatException(PathOf(name), $"must be a 32-bit integer, got {value.GetRawText()}");
        }

        public byte[] Hex(string name)
        {
            var text = String(name);
            var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
            if (digits.Length % 2 != 0)
                throw new KeystoreFormatException(PathOf(name), $"has an odd number of hex digits ({digits.Length})");
            try
            {
                return Convert.FromHexString(digits);
            }
            catch (FormatException)
            {
                throw new KeystoreFormatException(PathOf(name), "is not hex");
            }
        }

        public Guid Uuid(string name)
        {
            var text = String(name);
            return Guid.TryParseExact(text, "D", out var uuid)
                ? uuid
                : throw new KeystoreFormatException(PathOf(name), $"is not a UUID: \"{text}\"");
        }

        public void RequireFunction(string expected)
        {
            var function = String("function");
            if (function != expected)
                throw new KeystoreFormatException(PathOf("function"), $"must be \"{expected}\", got \"{function}\"");
            if (!Has("params"))
                throw new KeystoreFormatException(PathOf("params"), "is missing");
        }

        private JsonElement Get(string name, JsonValueKind kind)
        {
            if (!_element.TryGetProperty(name, out var value))
                throw new KeystoreFormatException(PathOf(name), "is missing");
            if (value.ValueKind != kind)
                throw new KeystoreFormatException(PathOf(name), $"must be a {kind.ToString().ToLower(CultureInfo.InvariantCulture)}, got {value.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture)}");
            return value;
        }
    }
}
