using Dvt.Crypto.Bls;
using Dvt.Crypto.Keystores;

namespace Dvt.Crypto.Tests.Keystores;

/// <summary>A key derived once (<see cref="KeystoreKey"/>) writes and reads standard EIP-2335 keystores.</summary>
public sealed class KeystoreKeyTests
{
    private static Pbkdf2Parameters Kdf(byte saltByte) => new(1024, Enumerable.Repeat(saltByte, 32).ToArray());

    [Fact]
    public void Keystores_written_with_a_derived_key_open_with_the_password_and_the_reverse()
    {
        using var key = KeystoreKey.Derive(Kdf(1), "correct horse");
        using var secret = BlsSecretKey.Generate();
        var first = Keystore.Parse(Keystore.Encrypt(secret, key, new KeystoreEncryptionOptions { Description = "a" }).ToJson());
        var second = Keystore.Parse(Keystore.Encrypt(secret, key).ToJson());
        Assert.True(first.IsDerivedUnder(key));
        Assert.NotEqual(first.Iv.ToArray(), second.Iv.ToArray()); // a fresh IV per keystore under the shared key
        using (var byPassword = first.DecryptBlsSecretKey("correct horse"))
            Assert.Equal(secret.PublicKey, byPassword.PublicKey);
        var standard = Keystore.Parse(Keystore.Encrypt(secret, "correct horse", new KeystoreEncryptionOptions { Kdf = Kdf(1) }).ToJson());
        using (var byKey = standard.DecryptBlsSecretKey(key))
            Assert.Equal(secret.PublicKey, byKey.PublicKey);
    }

    [Fact]
    public void A_key_of_other_parameters_or_another_password_is_refused()
    {
        using var key = KeystoreKey.Derive(Kdf(1), "correct horse");
        using var wrongPassword = KeystoreKey.Derive(Kdf(1), "battery staple");
        using var secret = BlsSecretKey.Generate();
        var otherSalt = Keystore.Parse(Keystore.Encrypt(secret, "correct horse", new KeystoreEncryptionOptions { Kdf = Kdf(2) }).ToJson());
        Assert.False(otherSalt.IsDerivedUnder(key));
        Assert.Throws<ArgumentException>(() => otherSalt.DecryptBlsSecretKey(key));
        var written = Keystore.Parse(Keystore.Encrypt(secret, key).ToJson());
        Assert.Throws<KeystorePasswordException>(() => written.DecryptBlsSecretKey(wrongPassword));
        Assert.Throws<ArgumentException>(() => Keystore.Encrypt(secret, key, new KeystoreEncryptionOptions { Kdf = Kdf(2) }));
    }
}
