using System.Security.Cryptography;
using Dvt.Coordinator.Configuration;
using Dvt.Crypto.Keystores;
using Dvt.Crypto.ShareEncryption;

namespace Dvt.Coordinator.Keys;

/// <summary>
/// Rotation of the share-encryption key (`dvt operator rotate-key`). keys/share-encryption.json is the key in use;
/// every other share-encryption key of this operator (a new one whose registration is not confirmed yet, or a previous
/// one) is kept beside it as keys/share-encryption-&lt;public key hex&gt;.json, encrypted with the same password, never
/// deleted by dvt: deals posted on-chain to an earlier key can only be opened with it. The key in use is always the
/// one the registry states, so a running coordinator follows a rotation made by the command line.
/// </summary>
public sealed partial class OperatorKeyStore
{
    private readonly List<ShareEncryptionKey> otherShareEncryptionKeys = [];

    /// <summary>Where a share-encryption key other than the one in use is kept.</summary>
    public string OtherShareEncryptionKeystore(ShareEncryptionPublicKey publicKey) =>
        Path.Combine(Paths.KeysFolder, $"share-encryption-{Convert.ToHexStringLower(publicKey.Span)}.json");

    /// <summary>
    /// Step 1 of a rotation: a fresh key, written (encrypted) beside the one in use before anything is sent, so that a
    /// registration that lands whatever happens to this process afterwards never leaves the operator without its key.
    /// </summary>
    public ShareEncryptionPublicKey PrepareShareEncryptionKeyRotation()
    {
        var next = ShareEncryptionKey.Generate();
        lock (writeLock)
        {
            WriteShareEncryptionKeystore(OtherShareEncryptionKeystore(next.PublicKey), next, password, kdf);
            otherShareEncryptionKeys.Add(next);
        }
        return next.PublicKey;
    }

    /// <summary>
    /// Step 2, once the registry records <paramref name="registered"/>: it becomes the key in use (share-encryption.json)
    /// and the previous key is kept as share-encryption-&lt;hex&gt;.json.
    /// </summary>
    public void CompleteShareEncryptionKeyRotation(ShareEncryptionPublicKey registered)
    {
        ArgumentNullException.ThrowIfNull(registered);
        lock (writeLock)
        {
            var next = otherShareEncryptionKeys.FirstOrDefault(k => k.PublicKey.Equals(registered))
                ?? throw new InvalidOperationException($"share-encryption key {Convert.ToHexStringLower(registered.Span)} is not one of this operator's keys");
            var previous = ShareEncryptionKey;
            WriteShareEncryptionKeystore(OtherShareEncryptionKeystore(previous.PublicKey), previous, password, kdf);
            WriteShareEncryptionKeystore(Paths.ShareEncryptionKeystore, next, password, kdf);
            File.Delete(OtherShareEncryptionKeystore(next.PublicKey));
            otherShareEncryptionKeys.Remove(next);
            otherShareEncryptionKeys.Add(previous);
            ShareEncryptionKey = next;
        }
    }

    /// <summary>
    /// Makes the key the registry states for this operator the key in use, reading the data directory again when it is
    /// not loaded (the command line rotated it while this process ran). False when no key here matches: shares dealt to
    /// this operator can then not be opened, and the caller says so.
    /// </summary>
    public bool FollowRegisteredShareEncryptionKey(ShareEncryptionPublicKey registered)
    {
        ArgumentNullException.ThrowIfNull(registered);
        lock (writeLock)
        {
            if (ShareEncryptionKey.PublicKey.Equals(registered))
                return true;
            var found = otherShareEncryptionKeys.FirstOrDefault(k => k.PublicKey.Equals(registered));
            if (found is null)
            {
                foreach (var path in new[] { Paths.ShareEncryptionKeystore, OtherShareEncryptionKeystore(registered) }.Where(File.Exists))
                {
                    var key = ReadShareEncryptionKeystore(path, password);
                    if (key.PublicKey.Equals(registered))
                    {
                        found = key;
                        otherShareEncryptionKeys.Add(key);
                        break;
                    }
                    key.Dispose();
                }
            }
            if (found is null)
                return false;
            otherShareEncryptionKeys.Remove(found);
            otherShareEncryptionKeys.Add(ShareEncryptionKey);
            ShareEncryptionKey = found;
            return true;
        }
    }

    private static void WriteShareEncryptionKeystore(string path, ShareEncryptionKey key, byte[] secret, KeystoreKdfChoice kdf)
    {
        Span<byte> raw = stackalloc byte[ShareEncryptionKey.Length];
        key.WriteBytes(raw);
        try
        {
            var keystore = Keystore.Encrypt(raw, PasswordText(secret), new KeystoreEncryptionOptions
            {
                Kdf = KdfFor(kdf),
                Description = ShareEncryptionDescriptionPrefix + Convert.ToHexStringLower(key.PublicKey.Span),
            });
            AtomicFile.Write(path, keystore.ToJson());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(raw);
        }
    }

    private static ShareEncryptionKey ReadShareEncryptionKeystore(string path, byte[] secret)
    {
        var keystore = KeystoreFile.Open(path, Keystore.Parse);
        ShareEncryptionKey encryption;
        using (var raw = KeystoreFile.Open(path, _ => keystore.Decrypt(PasswordText(secret))))
            encryption = ShareEncryptionKey.FromBytes(raw.Span);
        var stated = keystore.Description.StartsWith(ShareEncryptionDescriptionPrefix, StringComparison.Ordinal)
            ? keystore.Description[ShareEncryptionDescriptionPrefix.Length..]
            : null;
        if (stated is not null && stated != Convert.ToHexStringLower(encryption.PublicKey.Span))
        {
            encryption.Dispose();
            throw new CryptographicException($"{path}: the decrypted key's public key is not the stated {stated}");
        }
        return encryption;
    }
}
