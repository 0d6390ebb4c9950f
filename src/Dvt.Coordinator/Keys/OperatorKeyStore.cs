using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Keystore;
using Dvt.ContractBindings.Signing;
using Dvt.Coordinator.Configuration;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Keystores;
using Dvt.Crypto.ShareEncryption;
using Dvt.Crypto.Threshold;

namespace Dvt.Coordinator.Keys;

/// <summary>
/// An operator's keys at rest in its data directory (layout: <see cref="DataDirectory"/>), all under one password:
/// the Ethereum account (V3 keystore), the share-encryption key, and per validator its shares and full key (EIP-2335).
/// Every write is atomic (<see cref="AtomicFile"/>). Decrypted keys are cached and owned by the store: callers never
/// dispose what it returns; deleting a key disposes (wipes) the cached copy.
/// </summary>
public sealed partial class OperatorKeyStore : IDisposable
{
    private const string ShareEncryptionDescriptionPrefix = "dvt share-encryption key (secp256k1 secret for receiving key shares); public key ";

    private readonly byte[] password;
    private readonly KeystoreKdfChoice kdf;
    private readonly ConcurrentDictionary<(ulong, uint), SecretShare> shares = new();
    private readonly ConcurrentDictionary<ulong, BlsSecretKey> fullKeys = new();
    private readonly object writeLock = new();
    /// <summary>
    /// The password's key under this process's KDF parameters (one random salt per process), derived at the first
    /// share or full key written: a KDF run per file cost 0.1-0.2 s of CPU, which made a coordinator of 1,000
    /// validators spend minutes in it. See <see cref="KeystoreKey"/> for why a shared salt costs nothing.
    /// </summary>
    private readonly Lazy<KeystoreKey> writeKey;
    /// <summary>Keys for the KDF parameters of files written by earlier processes (one salt each), derived once per parameters.</summary>
    private readonly ConcurrentDictionary<KdfParameters, Lazy<KeystoreKey>> readKeys = new();

    private OperatorKeyStore(DataDirectory paths, byte[] password, KeystoreKdfChoice kdf, EthereumPrivateKey ethereumKey, ShareEncryptionKey shareEncryptionKey)
    {
        Paths = paths;
        this.password = password;
        this.kdf = kdf;
        writeKey = new Lazy<KeystoreKey>(() => KeystoreKey.Derive(KdfFor(kdf), PasswordText(password)), LazyThreadSafetyMode.ExecutionAndPublication);
        EthereumKey = ethereumKey;
        ShareEncryptionKey = shareEncryptionKey;
    }

    public DataDirectory Paths { get; }

    /// <summary>The operator's Ethereum account (registers, deals, acks, deposits).</summary>
    public EthereumPrivateKey EthereumKey { get; }

    public Address Address => EthereumKey.Address;

    /// <summary>
    /// The secp256k1 key shares are encrypted to (its public half is registered on-chain). It changes when the operator
    /// rotates it (see <see cref="FollowRegisteredShareEncryptionKey"/>).
    /// </summary>
    public ShareEncryptionKey ShareEncryptionKey { get; private set; }

    public ShareEncryptionPublicKey ShareEncryptionPublicKey => ShareEncryptionKey.PublicKey;

    /// <summary>True when <paramref name="dataDir"/> already holds an operator's keys.</summary>
    public static bool Exists(string dataDir)
    {
        var paths = new DataDirectory(dataDir);
        return File.Exists(paths.EthereumKeystore) || File.Exists(paths.ShareEncryptionKeystore);
    }

    /// <summary>
    /// Creates the operator's keys in a new data directory: the given Ethereum account (an existing one, e.g. funded)
    /// or a fresh one, and a fresh share-encryption key. Refuses to overwrite existing keys.
    /// </summary>
    public static OperatorKeyStore Create(string dataDir, PasswordSource password, KeystoreKdfChoice kdf = KeystoreKdfChoice.Scrypt,
        EthereumPrivateKey? existingAccount = null)
    {
        ArgumentNullException.ThrowIfNull(password);
        var paths = new DataDirectory(dataDir);
        if (Exists(dataDir))
            throw new InvalidOperationException($"{paths.KeysFolder} already holds an operator's keys; refusing to overwrite them");
        var secret = ReadPassword(password);
        EthereumPrivateKey? ethereum = null;
        ShareEncryptionKey? encryption = null;
        try
        {
            ethereum = existingAccount is null ? EthereumPrivateKey.Generate() : CopyOf(existingAccount);
            encryption = ShareEncryptionKey.Generate();
            Directory.CreateDirectory(paths.KeysFolder);
            Directory.CreateDirectory(paths.ValidatorsFolder);
            Directory.CreateDirectory(paths.ImportsFolder);
            AtomicFile.Write(paths.EthereumKeystore, EncryptedKeystore.Encrypt(ethereum, secret, kdf == KeystoreKdfChoice.Scrypt ? KeystoreKdf.Standard : new Pbkdf2Kdf(262144)));
            WriteShareEncryptionKeystore(paths.ShareEncryptionKeystore, encryption, secret, kdf);
            return new OperatorKeyStore(paths, secret, kdf, ethereum, encryption);
        }
        catch
        {
            ethereum?.Dispose();
            encryption?.Dispose();
            CryptographicOperations.ZeroMemory(secret);
            throw;
        }
    }

    /// <summary>Opens an operator's keys; a wrong password fails here, before anything else happens.</summary>
    public static OperatorKeyStore Open(string dataDir, PasswordSource password, KeystoreKdfChoice kdf = KeystoreKdfChoice.Scrypt)
    {
        ArgumentNullException.ThrowIfNull(password);
        var paths = new DataDirectory(dataDir);
        if (!File.Exists(paths.EthereumKeystore))
            throw new FileNotFoundException($"no operator keys in {paths.Root}: {paths.EthereumKeystore} does not exist (run `dvt operator init`)", paths.EthereumKeystore);
        if (!File.Exists(paths.ShareEncryptionKeystore))
            throw new FileNotFoundException($"{paths.ShareEncryptionKeystore} does not exist", paths.ShareEncryptionKeystore);
        var secret = ReadPassword(password);
        EthereumPrivateKey? ethereum = null;
        try
        {
            ethereum = KeystoreFile.Open(paths.EthereumKeystore, text => EncryptedKeystore.Decrypt(text, secret));
            var encryption = ReadShareEncryptionKeystore(paths.ShareEncryptionKeystore, secret);
            foreach (var folder in new[] { paths.KeysFolder, paths.ImportsFolder })
                AtomicFile.CleanTemporaries(folder);
            return new OperatorKeyStore(paths, secret, kdf, ethereum, encryption);
        }
        catch
        {
            ethereum?.Dispose();
            CryptographicOperations.ZeroMemory(secret);
            throw;
        }
    }

    // ---------------------------------------------------------------- shares

    /// <summary>Saves this operator's share of a validator from a round (replaces a file of the same round).</summary>
    public void SaveShare(ulong validatorId, uint round, SecretShare share)
    {
        ArgumentNullException.ThrowIfNull(share);
        var keystore = Keystore.Encrypt(share.Key, writeKey.Value, new KeystoreEncryptionOptions
        {
            Description = ShareDescription(validatorId, round, share.Index),
        });
        lock (writeLock)
        {
            AtomicFile.Write(Paths.ShareKeystore(validatorId, round), keystore.ToJson());
            var copy = new SecretShare(share.Index, BlsSecretKey.FromScalar(share.Key.ToScalar()));
            if (shares.TryRemove((validatorId, round), out var old))
                old.Dispose();
            shares[(validatorId, round)] = copy;
        }
    }

    /// <summary>This operator's share of a validator from a round, or null when there is no such file.</summary>
    public SecretShare? LoadShare(ulong validatorId, uint round)
    {
        if (shares.TryGetValue((validatorId, round), out var cached))
            return cached;
        var file = Paths.ShareKeystore(validatorId, round);
        if (!File.Exists(file))
            return null;
        var keystore = Keystore.Load(file);
        var match = ShareDescriptionPattern().Match(keystore.Description);
        if (!match.Success || ulong.Parse(match.Groups["validator"].Value, CultureInfo.InvariantCulture) != validatorId
            || uint.Parse(match.Groups["round"].Value, CultureInfo.InvariantCulture) != round)
            throw new KeystoreFormatException("description", $"{file}: '{keystore.Description}' does not name validator {validatorId} round {round} and a share index");
        var index = new ShareIndex(int.Parse(match.Groups["index"].Value, CultureInfo.InvariantCulture));
        var share = new SecretShare(index, keystore.DecryptBlsSecretKey(KeyFor(keystore)));
        lock (writeLock)
        {
            if (shares.TryGetValue((validatorId, round), out var raced))
            {
                share.Dispose();
                return raced;
            }
            shares[(validatorId, round)] = share;
            return share;
        }
    }

    /// <summary>The rounds of a validator this operator has a share file of, ascending.</summary>
    public IReadOnlyList<uint> ShareRounds(ulong validatorId)
    {
        var folder = Paths.ValidatorFolder(validatorId);
        if (!Directory.Exists(folder))
            return [];
        return Directory.EnumerateFiles(folder, "share-round-*.json")
            .Select(f => ShareFilePattern().Match(Path.GetFileName(f)))
            .Where(m => m.Success)
            .Select(m => uint.Parse(m.Groups["round"].Value, CultureInfo.InvariantCulture))
            .Order()
            .ToArray();
    }

    /// <summary>Every validator this operator has a key file (share or full key) of.</summary>
    public IReadOnlyList<ulong> ValidatorsWithKeys()
    {
        if (!Directory.Exists(Paths.ValidatorsFolder))
            return [];
        return Directory.EnumerateDirectories(Paths.ValidatorsFolder)
            .Select(d => ulong.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id != 0)
            .Order()
            .ToArray();
    }

    public bool DeleteShare(ulong validatorId, uint round)
    {
        lock (writeLock)
        {
            if (shares.TryRemove((validatorId, round), out var cached))
                cached.Dispose();
            var deleted = AtomicFile.Delete(Paths.ShareKeystore(validatorId, round));
            RemoveFolderIfEmpty(validatorId);
            return deleted;
        }
    }

    // ---------------------------------------------------------------- full keys

    /// <summary>Saves the full key of a validator this operator owns (the recovery key, or a solo validator's key).</summary>
    public void SaveFullKey(ulong validatorId, BlsSecretKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var keystore = Keystore.Encrypt(key, writeKey.Value, new KeystoreEncryptionOptions
        {
            Description = $"dvt full key of validator {validatorId.ToString(CultureInfo.InvariantCulture)} (recovery key)",
        });
        lock (writeLock)
        {
            AtomicFile.Write(Paths.FullKeyKeystore(validatorId), keystore.ToJson());
            if (fullKeys.TryRemove(validatorId, out var old))
                old.Dispose();
            fullKeys[validatorId] = BlsSecretKey.FromScalar(key.ToScalar());
        }
    }

    public BlsSecretKey? LoadFullKey(ulong validatorId)
    {
        if (fullKeys.TryGetValue(validatorId, out var cached))
            return cached;
        var file = Paths.FullKeyKeystore(validatorId);
        if (!File.Exists(file))
            return null;
        var stored = Keystore.Load(file);
        var key = stored.DecryptBlsSecretKey(KeyFor(stored));
        lock (writeLock)
        {
            if (fullKeys.TryGetValue(validatorId, out var raced))
            {
                key.Dispose();
                return raced;
            }
            fullKeys[validatorId] = key;
            return key;
        }
    }

    public bool HasFullKey(ulong validatorId) => fullKeys.ContainsKey(validatorId) || File.Exists(Paths.FullKeyKeystore(validatorId));

    public bool DeleteFullKey(ulong validatorId)
    {
        lock (writeLock)
        {
            if (fullKeys.TryRemove(validatorId, out var cached))
                cached.Dispose();
            var deleted = AtomicFile.Delete(Paths.FullKeyKeystore(validatorId));
            RemoveFolderIfEmpty(validatorId);
            return deleted;
        }
    }

    // ---------------------------------------------------------------- staged imports

    /// <summary>
    /// Stages an existing validator key for the daemon, written under the operator's password. It is matched to a
    /// validator by public key when the registry already has the key (importValidator: a beacon validator brought in
    /// without a deposit), else to the next validator this operator requests with the same withdrawal credentials
    /// (oldest import first) instead of generating a key. Stage it BEFORE sending the transaction.
    /// </summary>
    public StagedImport StageImport(BlsSecretKey key, ReadOnlySpan<byte> withdrawalCredentials)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (withdrawalCredentials.Length != 32)
            throw new ArgumentException($"withdrawal credentials must be 32 bytes, got {withdrawalCredentials.Length}", nameof(withdrawalCredentials));
        var pubkey = key.PublicKey.Bytes.ToHex();
        var file = Paths.ImportKeystore(pubkey);
        if (File.Exists(file))
            throw new InvalidOperationException($"key {pubkey} is already staged ({file})");
        var credentials = "0x" + Convert.ToHexStringLower(withdrawalCredentials);
        var keystore = Keystore.Encrypt(key, PasswordText(password), new KeystoreEncryptionOptions
        {
            Kdf = KdfFor(kdf),
            Description = $"dvt staged import; withdrawalCredentials={credentials}; stagedAt={DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}",
        });
        AtomicFile.Write(file, keystore.ToJson());
        return new StagedImport(file, key.PublicKey.Bytes, credentials, DateTimeOffset.UtcNow);
    }

    /// <summary>Staged imports, oldest first.</summary>
    public IReadOnlyList<StagedImport> StagedImports()
    {
        if (!Directory.Exists(Paths.ImportsFolder))
            return [];
        var result = new List<StagedImport>();
        foreach (var file in Directory.EnumerateFiles(Paths.ImportsFolder, "0x*.json"))
        {
            var keystore = Keystore.Load(file);
            var match = ImportDescriptionPattern().Match(keystore.Description);
            if (!match.Success || keystore.Pubkey is not { } pubkey)
                throw new KeystoreFormatException("description", $"{file}: not a dvt staged import ('{keystore.Description}')");
            var stagedAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(match.Groups["at"].Value, CultureInfo.InvariantCulture));
            result.Add(new StagedImport(file, pubkey, match.Groups["wc"].Value, stagedAt));
        }
        return result.OrderBy(i => i.StagedAt).ThenBy(i => i.File, StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// Moves a staged import to be the full key of <paramref name="validatorId"/>: full-key.json is written first,
    /// then the staged file deleted, so a crash in between leaves the key in both places, never in neither.
    /// </summary>
    public BlsSecretKey ClaimImport(StagedImport staged, ulong validatorId)
    {
        ArgumentNullException.ThrowIfNull(staged);
        using (var key = Keystore.Load(staged.File).DecryptBlsSecretKey(PasswordText(password)))
            SaveFullKey(validatorId, key);
        AtomicFile.Delete(staged.File);
        return LoadFullKey(validatorId)!;
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>The password's key under a stored keystore's KDF parameters: this process's, or one derived once per parameters.</summary>
    private KeystoreKey KeyFor(Keystore keystore)
    {
        if (writeKey.IsValueCreated && keystore.IsDerivedUnder(writeKey.Value))
            return writeKey.Value;
        return readKeys.GetOrAdd(keystore.Kdf, k => new Lazy<KeystoreKey>(() => KeystoreKey.Derive(k, PasswordText(password)), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    private void RemoveFolderIfEmpty(ulong validatorId)
    {
        var folder = Paths.ValidatorFolder(validatorId);
        if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            Directory.Delete(folder);
    }

    private static string ShareDescription(ulong validatorId, uint round, ShareIndex index) =>
        string.Create(CultureInfo.InvariantCulture, $"dvt key share index {index.Value} of validator {validatorId}, round {round}");

    [GeneratedRegex(@"^dvt key share index (?<index>\d{1,3}) of validator (?<validator>\d+), round (?<round>\d+)$")]
    private static partial Regex ShareDescriptionPattern();

    [GeneratedRegex(@"^share-round-(?<round>\d+)\.json$")]
    private static partial Regex ShareFilePattern();

    [GeneratedRegex(@"^dvt staged import; withdrawalCredentials=(?<wc>0x[0-9a-f]{64}); stagedAt=(?<at>\d+)$")]
    private static partial Regex ImportDescriptionPattern();

    private static KdfParameters KdfFor(KeystoreKdfChoice choice) =>
        choice == KeystoreKdfChoice.Scrypt ? KdfParameters.DefaultScrypt() : KdfParameters.DefaultPbkdf2();

    private static byte[] ReadPassword(PasswordSource source)
    {
        var bytes = source.ReadPassword();
        try
        {
            _ = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            CryptographicOperations.ZeroMemory(bytes);
            throw new ArgumentException($"the keystore password from {source.Description} is not valid UTF-8");
        }
        if (bytes.Length == 0)
            throw new ArgumentException($"the keystore password from {source.Description} is empty");
        return bytes;
    }

    // EIP-2335's API takes the password as a string (it NFKD-normalises it); the bytes are the long-lived copy we wipe.
    private static string PasswordText(byte[] secret) => Encoding.UTF8.GetString(secret);

    private static EthereumPrivateKey CopyOf(EthereumPrivateKey key)
    {
        var secret = key.ExportSecret();
        try
        {
            return new EthereumPrivateKey(secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    public void Dispose()
    {
        EthereumKey.Dispose();
        ShareEncryptionKey.Dispose();
        foreach (var other in otherShareEncryptionKeys)
            other.Dispose();
        otherShareEncryptionKeys.Clear();
        foreach (var share in shares.Values)
            share.Dispose();
        foreach (var key in fullKeys.Values)
            key.Dispose();
        shares.Clear();
        fullKeys.Clear();
        if (writeKey.IsValueCreated)
            writeKey.Value.Dispose();
        foreach (var key in readKeys.Values.Where(k => k.IsValueCreated))
            key.Value.Dispose();
        readKeys.Clear();
        CryptographicOperations.ZeroMemory(password);
    }

    public override string ToString() => $"OperatorKeyStore({Paths.Root}, account {Address})";
}
