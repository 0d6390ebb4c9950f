using Dvt.ContractBindings.Keystore;
using Dvt.ContractBindings.Signing;
using Dvt.Coordinator.Configuration;
using Dvt.Coordinator.Keys;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Keystores;
using Dvt.Crypto.Threshold;

namespace Dvt.Coordinator.Tests.Keys;

public sealed class OperatorKeyStoreTests : IDisposable
{
    private readonly string folder = System.IO.Directory.CreateTempSubdirectory("dvt-keys-").FullName;
    private readonly string passwordFile;

    public OperatorKeyStoreTests()
    {
        passwordFile = Path.Combine(folder, "password.txt");
        File.WriteAllText(passwordFile, "correct horse battery staple\n");
    }

    public void Dispose() => System.IO.Directory.Delete(folder, recursive: true);

    private string DataDir => Path.Combine(folder, "data");

    private PasswordSource Password => PasswordSource.FromFile(passwordFile);

    [Fact]
    public void Create_then_open_gives_the_same_account_and_share_encryption_key()
    {
        using var account = EthereumPrivateKey.Generate();
        string encryptionKey;
        using (var created = OperatorKeyStore.Create(DataDir, Password, KeystoreKdfChoice.Pbkdf2, account))
        {
            Assert.Equal(account.Address, created.Address);
            encryptionKey = created.ShareEncryptionPublicKey.ToString();
        }
        Assert.True(OperatorKeyStore.Exists(DataDir));
        using var opened = OperatorKeyStore.Open(DataDir, Password);
        Assert.Equal(account.Address, opened.Address);
        Assert.Equal(encryptionKey, opened.ShareEncryptionPublicKey.ToString());

        var paths = new DataDirectory(DataDir);
        var description = Keystore.Load(paths.ShareEncryptionKeystore).Description;
        Assert.Contains(encryptionKey[2..], description);
        Assert.Contains("share-encryption", description);
        Assert.DoesNotContain("correct horse", File.ReadAllText(paths.EthereumKeystore));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(paths.EthereumKeystore));
    }

    [Fact]
    public void Create_refuses_to_overwrite_and_open_refuses_a_wrong_password()
    {
        OperatorKeyStore.Create(DataDir, Password, KeystoreKdfChoice.Pbkdf2).Dispose();
        Assert.Throws<InvalidOperationException>(() => OperatorKeyStore.Create(DataDir, Password, KeystoreKdfChoice.Pbkdf2));
        var wrong = Path.Combine(folder, "wrong.txt");
        File.WriteAllText(wrong, "not it");
        Assert.ThrowsAny<Exception>(() => OperatorKeyStore.Open(DataDir, PasswordSource.FromFile(wrong)));
        Assert.Throws<FileNotFoundException>(() => OperatorKeyStore.Open(Path.Combine(folder, "elsewhere"), Password));
    }

    [Fact]
    public void Shares_and_full_keys_round_trip_through_eip2335_files_and_are_deleted()
    {
        using (var store = OperatorKeyStore.Create(DataDir, Password, KeystoreKdfChoice.Pbkdf2))
        {
            using var share = new SecretShare(new ShareIndex(3), BlsSecretKey.Generate());
            store.SaveShare(7, 2, share);
            using var full = BlsSecretKey.Generate();
            store.SaveFullKey(7, full);
            Assert.Equal([2u], store.ShareRounds(7));
            Assert.Equal([7UL], store.ValidatorsWithKeys());
        }
        using var reopened = OperatorKeyStore.Open(DataDir, Password);
        var loaded = reopened.LoadShare(7, 2)!;
        Assert.Equal(3, loaded.Index.Value);
        var file = reopened.Paths.ShareKeystore(7, 2);
        Assert.Equal(loaded.Key.PublicKey.Bytes, Keystore.Load(file).Pubkey);
        Assert.NotNull(reopened.LoadFullKey(7));
        Assert.Null(reopened.LoadShare(7, 1));

        Assert.True(reopened.DeleteShare(7, 2));
        Assert.False(File.Exists(file));
        Assert.Null(reopened.LoadShare(7, 2));
        Assert.True(reopened.DeleteFullKey(7));
        Assert.False(reopened.HasFullKey(7));
        Assert.False(System.IO.Directory.Exists(reopened.Paths.ValidatorFolder(7)));
    }

    [Fact]
    public void A_staged_import_is_matched_by_withdrawal_credentials_and_claimed_once()
    {
        using var store = OperatorKeyStore.Create(DataDir, Password, KeystoreKdfChoice.Pbkdf2);
        using var key = BlsSecretKey.Generate();
        var credentials = new byte[32];
        credentials[0] = 1;
        credentials[31] = 0xaa;
        var staged = store.StageImport(key, credentials);
        Assert.Throws<InvalidOperationException>(() => store.StageImport(key, credentials));
        var listed = Assert.Single(store.StagedImports());
        Assert.Equal(key.PublicKey.Bytes, listed.PublicKey);
        Assert.Equal("0x01" + new string('0', 60) + "aa", listed.WithdrawalCredentialsHex);

        var claimed = store.ClaimImport(staged, 9);
        Assert.Equal(key.PublicKey, claimed.PublicKey);
        Assert.Empty(store.StagedImports());
        Assert.True(File.Exists(store.Paths.FullKeyKeystore(9)));
    }

    [Fact]
    public void Atomic_write_leaves_no_temporary_and_replaces_the_whole_file()
    {
        var path = Path.Combine(folder, "sub", "file.json");
        AtomicFile.Write(path, "first");
        AtomicFile.Write(path, "second");
        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal(["file.json"], System.IO.Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        File.WriteAllText(Path.Combine(folder, "sub", ".file.json.dead.tmp"), "half");
        AtomicFile.CleanTemporaries(Path.Combine(folder, "sub"));
        Assert.Single(System.IO.Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void ToString_redacts()
    {
        using var store = OperatorKeyStore.Create(DataDir, Password, KeystoreKdfChoice.Pbkdf2);
        Assert.DoesNotContain("horse", store.ToString());
        Assert.Contains(store.Address.ToString(), store.ToString());
    }
}
