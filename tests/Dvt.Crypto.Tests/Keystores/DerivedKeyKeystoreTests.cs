using Dvt.Crypto.Bls;
using Dvt.Crypto.Keystores;
using Dvt.Crypto.Keystores.KeyDerivation;

namespace Dvt.Crypto.Tests.Keystores;

public sealed class DerivedKeyKeystoreTests
{
    [Fact]
    public void Derived_signing_key_stored_in_a_keystore_comes_back_with_its_path_and_pubkey()
    {
        var seed = Enumerable.Repeat((byte)0x42, 64).ToArray();
        var path = KeyPath.ValidatorSigning(3);
        using var derived = Eip2333KeyDerivation.DerivePath(seed, path);
        using var key = BlsSecretKey.FromBigEndian(derived.Span);

        var keystore = Keystore.Encrypt(key, "correct horse", new KeystoreEncryptionOptions
        {
            Kdf = new ScryptParameters(1024, 8, 1, new byte[32]),
            Path = path.ToString(),
        });
        var read = Keystore.Parse(keystore.ToJson());

        Assert.Equal("m/12381/3600/3/0/0", read.Path);
        using var decrypted = read.DecryptBlsSecretKey("correct horse");
        Assert.Equal(key.PublicKey, decrypted.PublicKey);
        using var secret = read.Decrypt("correct horse");
        Assert.True(secret.ContentEquals(derived.Span));
    }
}
