using System.Text.Json.Nodes;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Keystores;

namespace Dvt.Crypto.Tests.Keystores;

/// <summary>Malformed keystores are refused with the failing field named; wrong passwords with a typed error.</summary>
public sealed class KeystoreFormatTests
{
    private static readonly byte[] Secret = Convert.FromHexString("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");

    // A cheap KDF so each test runs in microseconds; the vectors cover the real costs.
    private static Keystore Cheap(string password = "pw") =>
        Keystore.Encrypt(Secret, password, new KeystoreEncryptionOptions { Kdf = new Pbkdf2Parameters(2, new byte[32]), Path = "m/12381/3600/0/0/0" });

    public static TheoryData<string, string> Breakages => new()
    {
        { "crypto", "remove crypto" },
        { "crypto.kdf.params.salt", "remove crypto.kdf.params.salt" },
        { "crypto.kdf.params.c", "set crypto.kdf.params.c -5" },
        { "crypto.kdf.params.dklen", "set crypto.kdf.params.dklen 16" },
        { "crypto.kdf.params.prf", "set crypto.kdf.params.prf \"hmac-sha512\"" },
        { "crypto.kdf.function", "set crypto.kdf.function \"argon2\"" },
        { "crypto.checksum.function", "set crypto.checksum.function \"sha512\"" },
        { "crypto.checksum.message", "set crypto.checksum.message \"abcd\"" },
        { "crypto.cipher.function", "set crypto.cipher.function \"aes-256-gcm\"" },
        { "crypto.cipher.params.iv", "set crypto.cipher.params.iv \"zz\"" },
        { "crypto.cipher.message", "set crypto.cipher.message 12" },
        { "crypto.cipher.extra", "set crypto.cipher.extra 1" },
        { "version", "set version 3" },
        { "uuid", "set uuid \"not-a-uuid\"" },
        { "path", "remove path" },
        { "pubkey", "set pubkey \"abcd\"" },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public void Malformed_keystore_names_the_field(string field, string breakage)
    {
        var json = JsonNode.Parse(Cheap().ToJson())!.AsObject();
        Apply(json, breakage);
        var e = Assert.Throws<KeystoreFormatException>(() => Keystore.Parse(json.ToJsonString()));
        Assert.Equal(field, e.Field);
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public void Scrypt_parameters_out_of_range_are_refused_before_any_work()
    {
        Assert.Equal("crypto.kdf.params.n", Assert.Throws<KeystoreFormatException>(() => new ScryptParameters(1000, 8, 1, new byte[32])).Field);
        Assert.Contains("MiB", Assert.Throws<KeystoreFormatException>(() => new ScryptParameters(1 << 22, 8, 1, new byte[32])).Message);
    }

    [Fact]
    public void Not_json_is_refused()
    {
        Assert.Equal("(document)", Assert.Throws<KeystoreFormatException>(() => Keystore.Parse("{ nope")).Field);
        Assert.Equal("(document)", Assert.Throws<KeystoreFormatException>(() => Keystore.Parse("[]")).Field);
    }

    [Fact]
    public void Wrong_password_is_a_typed_error_and_right_one_decrypts()
    {
        var keystore = Keystore.Parse(Cheap("right").ToJson());
        var e = Assert.Throws<KeystorePasswordException>(() => keystore.Decrypt("wrong"));
        Assert.Contains("checksum did not match", e.Message);
        using var secret = keystore.Decrypt("right");
        Assert.Equal(Secret, secret.Span.ToArray());
    }

    [Fact]
    public void Pubkey_that_is_not_the_secrets_is_refused_on_decrypt_and_on_encrypt()
    {
        using var key = BlsSecretKey.FromBigEndian(Secret);
        using var other = BlsSecretKey.Generate();
        var cheap = new KeystoreEncryptionOptions { Kdf = new Pbkdf2Parameters(2, new byte[32]) };

        var lying = Keystore.Encrypt(Secret, "pw", cheap with { Pubkey = other.PublicKey.Bytes });
        Assert.Equal("pubkey", Assert.Throws<KeystoreFormatException>(() => lying.DecryptBlsSecretKey("pw")).Field);
        Assert.Throws<ArgumentException>(() => Keystore.Encrypt(key, "pw", cheap with { Pubkey = other.PublicKey.Bytes }));

        var honest = Keystore.Parse(Keystore.Encrypt(key, "pw", cheap).ToJson());
        Assert.Equal(key.PublicKey.Bytes, honest.Pubkey);
        using var decrypted = honest.DecryptBlsSecretKey("pw");
        Assert.Equal(key.PublicKey, decrypted.PublicKey);
    }

    [Fact]
    public void Keystore_with_unknown_top_level_name_from_ethdo_and_without_pubkey_or_description_reads()
    {
        var json = JsonNode.Parse(Cheap().ToJson())!.AsObject();
        json.Remove("pubkey");
        json.Remove("description");
        json["name"] = "primary/validator";
        var keystore = Keystore.Parse(json.ToJsonString());
        Assert.Null(keystore.Pubkey);
        Assert.Equal("", keystore.Description);
    }

    [Fact]
    public void Save_writes_an_owner_only_file_that_loads_back()
    {
        var dir = Directory.CreateTempSubdirectory("dvt-keystore-");
        try
        {
            var file = Path.Combine(dir.FullName, "keystore.json");
            var keystore = Cheap();
            keystore.Save(file);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal(keystore.ToJson(), Keystore.Load(file).ToJson());
            Assert.Throws<IOException>(() => keystore.Save(file));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void Apply(JsonObject json, string breakage)
    {
        var words = breakage.Split(' ', 3);
        var path = words[1].Split('.');
        var parent = json;
        foreach (var step in path[..^1])
            parent = parent[step]!.AsObject();
        if (words[0] == "remove")
            Assert.True(parent.Remove(path[^1]));
        else
            parent[path[^1]] = JsonNode.Parse(words[2]);
    }
}
