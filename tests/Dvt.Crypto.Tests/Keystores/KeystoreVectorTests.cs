using System.Text.Json;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Keystores;
using Dvt.TestSupport;

namespace Dvt.Crypto.Tests.Keystores;

/// <summary>The EIP-2335 test keystores (scrypt and pbkdf2): password processing, decryption, exact re-encryption.</summary>
public sealed class KeystoreVectorTests
{
    private const string Folder = "eip2335";

    public static IEnumerable<object[]> KeystoreFiles() =>
        TestVectors.Cases(Folder).Where(c => (string)c[0] is "scrypt.json" or "pbkdf2.json" or TestVectors.Missing);

    [SkippableTheory]
    [MemberData(nameof(KeystoreFiles))]
    public void Vector_keystore_decrypts_refuses_a_wrong_password_and_re_encrypts_identically(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(TestVectors.Resolve(Folder, file)));
        var vector = document.RootElement;
        var password = vector.GetProperty("password").GetString()!;
        var expectedSecret = Convert.FromHexString(vector.GetProperty("secret").GetString()![2..]);
        var keystoreJson = vector.GetProperty("keystore").GetRawText();

        using (var processed = KeystorePassword.Process(password))
            Assert.Equal(vector.GetProperty("password_processed_hex").GetString()![2..], Convert.ToHexStringLower(processed.Span));

        var keystore = Keystore.Parse(keystoreJson);
        Assert.Equal(Path.GetFileNameWithoutExtension(file), keystore.Kdf.Function);
        using (var secret = keystore.Decrypt(password))
            Assert.Equal(expectedSecret, secret.Span.ToArray());

        var wrong = Assert.Throws<KeystorePasswordException>(() => keystore.Decrypt(password + "x"));
        Assert.Contains("checksum did not match", wrong.Message);

        var again = Keystore.Encrypt(expectedSecret, password, new KeystoreEncryptionOptions
        {
            Kdf = keystore.Kdf,
            Iv = keystore.Iv,
            Uuid = keystore.Uuid,
            Path = keystore.Path,
            Description = keystore.Description,
            Pubkey = keystore.Pubkey,
        });
        Assert.Equal(keystore.Checksum.ToArray(), again.Checksum.ToArray());
        Assert.Equal(keystore.CipherText.ToArray(), again.CipherText.ToArray());
        Assert.True(JsonElement.DeepEquals(vector.GetProperty("keystore"), JsonDocument.Parse(again.ToJson()).RootElement),
            $"re-encrypted keystore JSON differs:\n{again.ToJson()}");
    }

    [SkippableFact]
    public void Vector_pubkey_is_the_public_key_of_the_vector_secret()
    {
        // pbkdf2 is the cheaper KDF; both vectors share the secret and the pubkey.
        using var document = JsonDocument.Parse(File.ReadAllText(TestVectors.Resolve(Folder, FirstOrMissing("pbkdf2.json"))));
        var vector = document.RootElement;
        var keystore = Keystore.Parse(vector.GetProperty("keystore").GetRawText());
        using var key = keystore.DecryptBlsSecretKey(vector.GetProperty("password").GetString()!);
        Assert.Equal(keystore.Pubkey, key.PublicKey.Bytes);
    }

    private static string FirstOrMissing(string name) =>
        Directory.Exists(TestVectors.Folder(Folder)) ? name : TestVectors.Missing;
}
