using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dvt.ContractBindings.Signing;
using Nethereum.KeyStore;
using Nethereum.KeyStore.Crypto;
using Nethereum.KeyStore.Model;

namespace Dvt.ContractBindings.Keystore;

/// <summary>
/// The Web3 Secret Storage (keystore V3) format geth and cast write. Nethereum.KeyStore supplies the document model,
/// scrypt, AES-128-CTR and the Keccak MAC. Ours: limits on the KDF parameters read from a hostile file (a huge scrypt
/// n is a denial of service), the address check, and passwords kept as wipeable bytes — Nethereum's string-password
/// entry points are not used, and PBKDF2 (whose Nethereum entry point takes a string) runs on .NET's own primitive.
/// </summary>
public static class EncryptedKeystore
{
    private const int MaxScryptN = 1 << 20;
    private const int MaxPbkdf2Iterations = 10_000_000;
    private static readonly KeyStoreCrypto Crypto = new();

    public static EthereumPrivateKey Decrypt(string json, PasswordSource password)
    {
        var bytes = password.ReadPassword();
        try
        {
            return Decrypt(json, bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    public static EthereumPrivateKey Decrypt(string json, ReadOnlySpan<byte> password)
    {
        var kdf = KdfName(json);
        byte[] derived;
        CryptoInfo<ScryptParams>? scrypt = null;
        CryptoInfo<Pbkdf2Params>? pbkdf2 = null;
        string? storedAddress;
        switch (kdf)
        {
            case "scrypt":
            {
                var store = Deserialize(() => new KeyStoreScryptService().DeserializeKeyStoreFromJson(json));
                scrypt = store.Crypto;
                storedAddress = store.Address;
                var p = Required(scrypt.Kdfparams, "kdfparams");
                CheckDkLen(p.Dklen);
                derived = Scrypt(password, HexField(p.Salt, "kdfparams.salt"), p.N, p.R, p.P);
                break;
            }
            case "pbkdf2":
            {
                var store = Deserialize(() => new KeyStorePbkdf2Service().DeserializeKeyStoreFromJson(json));
                pbkdf2 = store.Crypto;
                storedAddress = store.Address;
                var p = Required(pbkdf2.Kdfparams, "kdfparams");
                CheckDkLen(p.Dklen);
                derived = Pbkdf2(password, HexField(p.Salt, "kdfparams.salt"), p.Count, p.Prf);
                break;
            }
            default:
                throw new FormatException($"keystore: kdf '{kdf}' is not supported (expected scrypt or pbkdf2)");
        }
        var cipher = scrypt?.Cipher ?? pbkdf2!.Cipher;
        var ivHex = (scrypt?.CipherParams ?? pbkdf2!.CipherParams)?.Iv;
        var cipherTextHex = scrypt?.CipherText ?? pbkdf2!.CipherText;
        var macHex = scrypt?.Mac ?? pbkdf2!.Mac;
        byte[]? secret = null;
        try
        {
            if (cipher != "aes-128-ctr")
                throw new FormatException($"keystore: cipher '{cipher}' is not supported (expected aes-128-ctr)");
            var iv = HexField(ivHex, "cipherparams.iv");
            if (iv.Length != 16)
                throw new FormatException($"keystore: cipherparams.iv must be 16 bytes, got {iv.Length}");
            var ciphertext = HexField(cipherTextHex, "crypto.ciphertext");
            var mac = HexField(macHex, "crypto.mac");
            var expectedMac = Crypto.GenerateMac(derived, ciphertext);
            if (mac.Length != 32 || !CryptographicOperations.FixedTimeEquals(expectedMac, mac))
                throw new CryptographicException("keystore: wrong password (MAC mismatch)");
            var cipherKey = Crypto.GenerateCipherKey(derived);
            try
            {
                secret = Crypto.GenerateAesCtrDeCipher(iv, cipherKey, ciphertext);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(cipherKey);
            }
            var key = new EthereumPrivateKey(secret);
            if (storedAddress is not null && !Hex.DecodeLenient(storedAddress, "address").AsSpan().SequenceEqual(key.Address.Bytes))
            {
                key.Dispose();
                throw new CryptographicException($"keystore: the decrypted key belongs to a different address than the stored {storedAddress}");
            }
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derived);
            if (secret is not null)
                CryptographicOperations.ZeroMemory(secret);
        }
    }

    public static string Encrypt(EthereumPrivateKey key, PasswordSource password, KeystoreKdf kdf)
    {
        var bytes = password.ReadPassword();
        try
        {
            return Encrypt(key, bytes, kdf);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    public static string Encrypt(EthereumPrivateKey key, ReadOnlySpan<byte> password, KeystoreKdf kdf)
    {
        var salt = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(16);
        var secret = key.ExportSecret();
        byte[]? derived = null;
        try
        {
            var address = Hex.Encode(key.Address.Bytes, prefix: false);
            switch (kdf)
            {
                case ScryptKdf s:
                {
                    derived = Scrypt(password, salt, s.N, s.R, s.P);
                    var parameters = new ScryptParams { Dklen = 32, N = s.N, R = s.R, P = s.P, Salt = Hex.Encode(salt, prefix: false) };
                    var crypto = Seal<ScryptParams>(derived, iv, secret, "scrypt", parameters);
                    return new KeyStoreScryptService().SerializeKeyStoreToJson(Document(crypto, address));
                }
                case Pbkdf2Kdf p:
                {
                    derived = Pbkdf2(password, salt, p.Iterations, "hmac-sha256");
                    var parameters = new Pbkdf2Params { Dklen = 32, Count = p.Iterations, Prf = "hmac-sha256", Salt = Hex.Encode(salt, prefix: false) };
                    var crypto = Seal<Pbkdf2Params>(derived, iv, secret, "pbkdf2", parameters);
                    return new KeyStorePbkdf2Service().SerializeKeyStoreToJson(Document(crypto, address));
                }
                default:
                    throw new ArgumentException($"unknown KDF {kdf}", nameof(kdf));
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            if (derived is not null)
                CryptographicOperations.ZeroMemory(derived);
        }
    }

    private static CryptoInfo<T> Seal<T>(byte[] derived, byte[] iv, byte[] secret, string kdf, T parameters)
        where T : KdfParams
    {
        var cipherKey = Crypto.GenerateCipherKey(derived);
        try
        {
            var ciphertext = Crypto.GenerateAesCtrCipher(iv, cipherKey, secret);
            return new CryptoInfo<T>
            {
                Cipher = "aes-128-ctr",
                CipherText = Hex.Encode(ciphertext, prefix: false),
                CipherParams = new CipherParams(iv),
                Kdf = kdf,
                Kdfparams = parameters,
                Mac = Hex.Encode(Crypto.GenerateMac(derived, ciphertext), prefix: false),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(cipherKey);
        }
    }

    private static KeyStore<T> Document<T>(CryptoInfo<T> crypto, string address)
        where T : KdfParams => new() { Address = address, Crypto = crypto, Id = Guid.NewGuid().ToString(), Version = 3 };

    /// <summary>Reads version and kdf first with a strict parser, so the error for a foreign file names the field.</summary>
    private static string KdfName(string json)
    {
        JsonNode root;
        try
        {
            root = JsonNode.Parse(json) ?? throw new FormatException("keystore: empty JSON");
        }
        catch (JsonException e)
        {
            throw new FormatException($"keystore: not JSON ({e.Message})");
        }
        if (root is not JsonObject)
            throw new FormatException("keystore: not a JSON object");
        var versionNode = root["version"] ?? throw new FormatException("keystore: missing field 'version' in keystore");
        if (versionNode.GetValueKind() != JsonValueKind.Number || versionNode.GetValue<double>() != 3)
            throw new FormatException($"keystore: version {versionNode.ToJsonString()} is not supported (expected 3)");
        var crypto = root["crypto"] ?? root["Crypto"] ?? throw new FormatException("keystore: missing field 'crypto'");
        var kdf = crypto["kdf"] ?? throw new FormatException("keystore: missing field 'kdf' in crypto");
        return kdf.GetValueKind() == JsonValueKind.String ? kdf.GetValue<string>() : throw new FormatException("keystore: crypto.kdf is not a string");
    }

    private static KeyStore<T> Deserialize<T>(Func<KeyStore<T>> read)
        where T : KdfParams
    {
        KeyStore<T> store;
        try
        {
            store = read();
        }
        catch (Newtonsoft.Json.JsonException e)
        {
            throw new FormatException($"keystore: {e.Message}");
        }
        if (store?.Crypto is null)
            throw new FormatException("keystore: missing field 'crypto'");
        return store;
    }

    private static T Required<T>(T? value, string name)
        where T : class => value ?? throw new FormatException($"keystore: missing field '{name}' in crypto");

    /// <param name="path">parent.field, e.g. crypto.mac: a missing field is reported as 'mac' in crypto.</param>
    private static byte[] HexField(string? value, string path)
    {
        if (value is not null)
            return Hex.DecodeLenient(value, path);
        var dot = path.LastIndexOf('.');
        throw new FormatException($"keystore: missing field '{path[(dot + 1)..]}' in {path[..dot]}");
    }

    private static void CheckDkLen(int dkLen)
    {
        if (dkLen != 32)
            throw new FormatException($"keystore: kdfparams.dklen must be 32, got {dkLen}");
    }

    private static byte[] Scrypt(ReadOnlySpan<byte> password, byte[] salt, int n, int r, int p)
    {
        if (n < 2 || (n & (n - 1)) != 0 || n > MaxScryptN)
            throw new FormatException($"keystore: scrypt n must be a power of two up to {MaxScryptN}, got {n}");
        if (r < 1 || p < 1 || (long)r * p >= 1 << 30)
            throw new FormatException($"keystore: scrypt r={r} p={p} out of range");
        var copy = password.ToArray();
        try
        {
            return Crypto.GenerateDerivedScryptKey(copy, salt, n, r, p, 32, false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    private static byte[] Pbkdf2(ReadOnlySpan<byte> password, byte[] salt, int iterations, string? prf)
    {
        if (prf != "hmac-sha256")
            throw new FormatException($"keystore: pbkdf2 prf '{prf}' is not supported (expected hmac-sha256)");
        if (iterations < 1 || iterations > MaxPbkdf2Iterations)
            throw new FormatException($"keystore: pbkdf2 iteration count {iterations} is out of range (1..{MaxPbkdf2Iterations})");
        return Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, 32);
    }
}
