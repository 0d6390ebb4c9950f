using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dvt.ContractBindings.Signing;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Dvt.ContractBindings.Keystore;

/// <summary>
/// The Web3 Secret Storage (keystore V3) format geth and cast write: scrypt or PBKDF2-HMAC-SHA256 derives a
/// 32-byte key; AES-128-CTR with its first half encrypts the private key; MAC = keccak(key[16..32] || ciphertext).
/// </summary>
public static class EncryptedKeystore
{
    private const int MaxScryptN = 1 << 20;

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
        JsonNode root;
        try
        {
            root = JsonNode.Parse(json) ?? throw new FormatException("keystore: empty JSON");
        }
        catch (JsonException e)
        {
            throw new FormatException($"keystore: not JSON ({e.Message})");
        }
        var version = Required(root, "version", "keystore").GetValue<int>();
        if (version != 3)
            throw new FormatException($"keystore: version {version} is not supported (expected 3)");
        var crypto = root["crypto"] ?? root["Crypto"] ?? throw new FormatException("keystore: missing field 'crypto'");
        var cipher = Required(crypto, "cipher", "crypto").GetValue<string>();
        if (cipher != "aes-128-ctr")
            throw new FormatException($"keystore: cipher '{cipher}' is not supported (expected aes-128-ctr)");
        var iv = Hex.DecodeLenient(Required(Required(crypto, "cipherparams", "crypto"), "iv", "cipherparams").GetValue<string>(), "cipherparams.iv");
        if (iv.Length != 16)
            throw new FormatException($"keystore: cipherparams.iv must be 16 bytes, got {iv.Length}");
        var ciphertext = Hex.DecodeLenient(Required(crypto, "ciphertext", "crypto").GetValue<string>(), "crypto.ciphertext");
        var mac = Hex.DecodeLenient(Required(crypto, "mac", "crypto").GetValue<string>(), "crypto.mac");
        var kdf = Required(crypto, "kdf", "crypto").GetValue<string>();
        var kdfParams = Required(crypto, "kdfparams", "crypto");
        var salt = Hex.DecodeLenient(Required(kdfParams, "salt", "kdfparams").GetValue<string>(), "kdfparams.salt");
        var dkLen = Required(kdfParams, "dklen", "kdfparams").GetValue<int>();
        if (dkLen != 32)
            throw new FormatException($"keystore: kdfparams.dklen must be 32, got {dkLen}");
        byte[] derived = kdf switch
        {
            "scrypt" => Scrypt(password, salt,
                Required(kdfParams, "n", "kdfparams").GetValue<int>(),
                Required(kdfParams, "r", "kdfparams").GetValue<int>(),
                Required(kdfParams, "p", "kdfparams").GetValue<int>()),
            "pbkdf2" => Pbkdf2(password, salt,
                Required(kdfParams, "c", "kdfparams").GetValue<int>(),
                Required(kdfParams, "prf", "kdfparams").GetValue<string>()),
            _ => throw new FormatException($"keystore: kdf '{kdf}' is not supported (expected scrypt or pbkdf2)"),
        };
        byte[]? secret = null;
        try
        {
            var expectedMac = Mac(derived, ciphertext);
            if (mac.Length != 32 || !CryptographicOperations.FixedTimeEquals(expectedMac, mac))
                throw new CryptographicException("keystore: wrong password (MAC mismatch)");
            secret = AesCtr(derived.AsSpan(0, 16), iv, ciphertext);
            var key = new EthereumPrivateKey(secret);
            var stored = root["address"]?.GetValue<string>();
            if (stored is not null && !Hex.DecodeLenient(stored, "address").AsSpan().SequenceEqual(key.Address.Bytes))
            {
                key.Dispose();
                throw new CryptographicException($"keystore: the decrypted key belongs to a different address than the stored {stored}");
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
        var kdfParams = new JsonObject { ["dklen"] = 32, ["salt"] = Hex.Encode(salt, prefix: false) };
        byte[] derived;
        string kdfName;
        switch (kdf)
        {
            case ScryptKdf s:
                derived = Scrypt(password, salt, s.N, s.R, s.P);
                kdfName = "scrypt";
                kdfParams["n"] = s.N;
                kdfParams["r"] = s.R;
                kdfParams["p"] = s.P;
                break;
            case Pbkdf2Kdf p:
                derived = Pbkdf2(password, salt, p.Iterations, "hmac-sha256");
                kdfName = "pbkdf2";
                kdfParams["c"] = p.Iterations;
                kdfParams["prf"] = "hmac-sha256";
                break;
            default:
                throw new ArgumentException($"unknown KDF {kdf}", nameof(kdf));
        }
        var secret = key.ExportSecret();
        try
        {
            var ciphertext = AesCtr(derived.AsSpan(0, 16), iv, secret);
            var document = new JsonObject
            {
                ["address"] = Hex.Encode(key.Address.Bytes, prefix: false),
                ["crypto"] = new JsonObject
                {
                    ["cipher"] = "aes-128-ctr",
                    ["cipherparams"] = new JsonObject { ["iv"] = Hex.Encode(iv, prefix: false) },
                    ["ciphertext"] = Hex.Encode(ciphertext, prefix: false),
                    ["kdf"] = kdfName,
                    ["kdfparams"] = kdfParams,
                    ["mac"] = Hex.Encode(Mac(derived, ciphertext), prefix: false),
                },
                ["id"] = Guid.NewGuid().ToString(),
                ["version"] = 3,
            };
            return document.ToJsonString();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(derived);
        }
    }

    private static JsonNode Required(JsonNode parent, string name, string where) =>
        parent[name] ?? throw new FormatException($"keystore: missing field '{name}' in {where}");

    private static byte[] Scrypt(ReadOnlySpan<byte> password, byte[] salt, int n, int r, int p)
    {
        if (n < 2 || (n & (n - 1)) != 0 || n > MaxScryptN)
            throw new FormatException($"keystore: scrypt n must be a power of two up to {MaxScryptN}, got {n}");
        if (r < 1 || p < 1 || (long)r * p >= 1 << 30)
            throw new FormatException($"keystore: scrypt r={r} p={p} out of range");
        return SCrypt.Generate(password.ToArray(), salt, n, r, p, 32);
    }

    private static byte[] Pbkdf2(ReadOnlySpan<byte> password, byte[] salt, int iterations, string prf)
    {
        if (prf != "hmac-sha256")
            throw new FormatException($"keystore: pbkdf2 prf '{prf}' is not supported (expected hmac-sha256)");
        if (iterations < 1)
            throw new FormatException($"keystore: pbkdf2 iteration count {iterations} is invalid");
        return Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, 32);
    }

    private static byte[] Mac(byte[] derived, byte[] ciphertext)
    {
        var input = new byte[16 + ciphertext.Length];
        derived.AsSpan(16, 16).CopyTo(input);
        ciphertext.CopyTo(input, 16);
        return Keccak256.Hash(input);
    }

    private static byte[] AesCtr(ReadOnlySpan<byte> key, byte[] iv, byte[] input)
    {
        var cipher = CipherUtilities.GetCipher("AES/CTR/NoPadding");
        cipher.Init(false, new ParametersWithIV(new KeyParameter(key.ToArray()), iv));
        return cipher.DoFinal(input);
    }
}
