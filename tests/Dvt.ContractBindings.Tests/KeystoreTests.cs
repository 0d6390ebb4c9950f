using System.Security.Cryptography;
using System.Text;
using Dvt.ContractBindings.Keystore;
using Dvt.ContractBindings.Signing;
using Dvt.TestSupport;

namespace Dvt.ContractBindings.Tests;

public sealed class KeystoreTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("dvt-keystore-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string PasswordFile(string password)
    {
        var path = Path.Combine(folder, "password.txt");
        File.WriteAllText(path, password + "\n");
        return path;
    }

    [Fact]
    public async Task Reads_a_keystore_cast_wrote()
    {
        var output = await ToolRunner.RunAsync("cast", ["wallet", "new", folder, "--unsafe-password", "correct horse"]);
        var file = Directory.GetFiles(folder).Single(f => !f.EndsWith(".txt", StringComparison.Ordinal));
        using var key = EncryptedKeystore.Decrypt(File.ReadAllText(file), PasswordSource.FromFile(PasswordFile("correct horse")));
        Assert.Contains(key.Address.ToString(), output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Cast_reads_a_keystore_we_wrote_with_scrypt_and_with_pbkdf2()
    {
        using var key = EthereumPrivateKey.Generate();
        var password = PasswordFile("s3cret pass");
        foreach (var kdf in new KeystoreKdf[] { KeystoreKdf.Light, new Pbkdf2Kdf(4096) })
        {
            var path = Path.Combine(folder, "ours-" + kdf.GetType().Name + ".json");
            await File.WriteAllTextAsync(path, EncryptedKeystore.Encrypt(key, PasswordSource.FromFile(password), kdf));
            var address = await ToolRunner.RunAsync("cast", ["wallet", "address", "--keystore", path, "--password-file", password]);
            Assert.Equal(key.Address.ToString(), address);
            using var back = EncryptedKeystore.Decrypt(await File.ReadAllTextAsync(path), PasswordSource.FromFile(password));
            Assert.Equal(key.Address, back.Address);
        }
    }

    [Fact]
    public async Task Reads_a_key_cast_imported()
    {
        var secret = AnvilProcess.DefaultPrivateKeys[3];
        await ToolRunner.RunAsync("cast", ["wallet", "import", "operator3", "--keystore-dir", folder, "--private-key", secret, "--unsafe-password", "pw"]);
        Environment.SetEnvironmentVariable("DVT_TEST_KEYSTORE_PASSWORD", "pw");
        try
        {
            using var key = EncryptedKeystore.Decrypt(File.ReadAllText(Path.Combine(folder, "operator3")), PasswordSource.FromEnvironment("DVT_TEST_KEYSTORE_PASSWORD"));
            using var expected = EthereumPrivateKey.FromHex(secret);
            Assert.Equal(expected.Address, key.Address);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DVT_TEST_KEYSTORE_PASSWORD", null);
        }
    }

    [Fact]
    public void A_wrong_password_fails_on_the_mac()
    {
        using var key = EthereumPrivateKey.Generate();
        var json = EncryptedKeystore.Encrypt(key, "right"u8, new Pbkdf2Kdf(1000));
        var error = Assert.Throws<CryptographicException>(() => EncryptedKeystore.Decrypt(json, "wrong"u8));
        Assert.Contains("MAC", error.Message);
    }

    [Fact]
    public void Unsupported_or_missing_fields_name_the_field()
    {
        using var key = EthereumPrivateKey.Generate();
        var json = EncryptedKeystore.Encrypt(key, "pw"u8, new Pbkdf2Kdf(1000));
        var broken = json.Replace("aes-128-ctr", "aes-256-cbc", StringComparison.Ordinal);
        Assert.Contains("aes-256-cbc", Assert.Throws<FormatException>(() => EncryptedKeystore.Decrypt(broken, "pw"u8)).Message);
        var noMac = json.Replace("\"mac\"", "\"mac_\"", StringComparison.Ordinal);
        Assert.Contains("'mac'", Assert.Throws<FormatException>(() => EncryptedKeystore.Decrypt(noMac, "pw"u8)).Message);
    }

    [Fact]
    public void Password_sources_never_show_the_password()
    {
        var source = PasswordSource.FromFile(PasswordFile("topsecret"));
        Assert.DoesNotContain("topsecret", source.ToString());
        Assert.Equal("topsecret", Encoding.UTF8.GetString(source.ReadPassword()));
        Assert.Throws<InvalidOperationException>(() => PasswordSource.FromEnvironment("DVT_TEST_UNSET_VARIABLE_42").ReadPassword());
    }
}
