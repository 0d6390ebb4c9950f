using CsCheck;
using Dvt.Crypto.Keystores;

namespace Dvt.Crypto.Tests.Keystores;

public sealed class KeystoreRoundTripProperties
{
    [Fact]
    public void Any_secret_and_password_round_trip_through_json()
    {
        Gen.Select(Gen.Byte.Array[1, 64], Gen.String, Gen.Byte.Array[16], Gen.Bool).Sample((secret, password, salt, scrypt) =>
        {
            KdfParameters kdf = scrypt ? new ScryptParameters(16, 1, 1, salt) : new Pbkdf2Parameters(3, salt);
            var keystore = Keystore.Encrypt(secret, password, new KeystoreEncryptionOptions { Kdf = kdf });
            var read = Keystore.Parse(keystore.ToJson());
            Assert.Equal(keystore.ToJson(), read.ToJson());
            using var decrypted = read.Decrypt(password);
            Assert.Equal(secret, decrypted.Span.ToArray());
        }, iter: 200);
    }

    [Fact]
    public void Two_encryptions_of_one_secret_differ_in_salt_iv_uuid_and_ciphertext()
    {
        var secret = new byte[32];
        var a = Keystore.Encrypt(secret, "pw", new KeystoreEncryptionOptions { Kdf = new Pbkdf2Parameters(2, new byte[32]) });
        var b = Keystore.Encrypt(secret, "pw", new KeystoreEncryptionOptions { Kdf = new Pbkdf2Parameters(2, new byte[32]) });
        Assert.NotEqual(a.Iv.ToArray(), b.Iv.ToArray());
        Assert.NotEqual(a.CipherText.ToArray(), b.CipherText.ToArray());
        Assert.NotEqual(a.Uuid, b.Uuid);
        Assert.NotEqual(KdfParameters.DefaultScrypt().Salt.ToArray(), KdfParameters.DefaultScrypt().Salt.ToArray());
    }
}
