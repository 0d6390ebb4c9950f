using Dvt.Consensus.Primitives;
using System.Security.Cryptography;
using Dvt.Crypto.Bls;

namespace Dvt.Crypto.Keystores;

/// <summary>
/// An EIP-2335 (version 4) keystore: a secret encrypted with AES-128-CTR under a key derived from a password by
/// scrypt or PBKDF2, with a SHA-256 checksum that tells a wrong password from a right one.
/// Immutable; <see cref="Parse"/> and <see cref="ToJson"/> read and write the JSON form.
/// </summary>
public sealed class Keystore
{
    public const int FormatVersion = 4;
    public const int ChecksumLength = 32;

    private readonly byte[] _checksum;
    private readonly byte[] _iv;
    private readonly byte[] _cipherText;

    internal Keystore(KdfParameters kdf, ReadOnlySpan<byte> checksum, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> cipherText,
        BlsPublicKeyBytes? pubkey, string path, Guid uuid, string description)
    {
        Kdf = kdf ?? throw new ArgumentNullException(nameof(kdf));
        if (checksum.Length != ChecksumLength)
            throw new KeystoreFormatException("crypto.checksum.message", $"must be {ChecksumLength} bytes, got {checksum.Length}");
        if (iv.Length != Aes128Ctr.IvLength)
            throw new KeystoreFormatException("crypto.cipher.params.iv", $"must be {Aes128Ctr.IvLength} bytes, got {iv.Length}");
        if (cipherText.IsEmpty)
            throw new KeystoreFormatException("crypto.cipher.message", "is empty");
        _checksum = checksum.ToArray();
        _iv = iv.ToArray();
        _cipherText = cipherText.ToArray();
        Pubkey = pubkey;
        Path = path ?? throw new ArgumentNullException(nameof(path));
        Uuid = uuid;
        Description = description ?? "";
    }

    public KdfParameters Kdf { get; }

    public ReadOnlyMemory<byte> Checksum => _checksum;

    public ReadOnlyMemory<byte> Iv => _iv;

    public ReadOnlyMemory<byte> CipherText => _cipherText;

    /// <summary>The public key of the secret, when the keystore states it (EIP-2335 makes it optional).</summary>
    public BlsPublicKeyBytes? Pubkey { get; }

    public string Path { get; }

    public Guid Uuid { get; }

    public string Description { get; }

    /// <summary>Reads keystore JSON; throws <see cref="KeystoreFormatException"/> naming the missing or bad field.</summary>
    public static Keystore Parse(string json) => KeystoreJson.Read(json);

    public static Keystore Load(string file) => Parse(File.ReadAllText(file));

    public string ToJson() => KeystoreJson.Write(this);

    /// <summary>Writes the keystore readable by the owner only.</summary>
    public void Save(string file)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(file, options);
        using var writer = new StreamWriter(stream);
        writer.Write(ToJson());
    }

    /// <summary>Decrypts the secret; throws <see cref="KeystorePasswordException"/> when the checksum does not match.</summary>
    public SecretBytes Decrypt(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return Decrypt(password.AsSpan());
    }

    /// <summary>Decrypts with a password held in a buffer the caller zeroes afterwards.</summary>
    public SecretBytes Decrypt(ReadOnlySpan<char> password)
    {
        using var processed = KeystorePassword.Process(password);
        return Decrypt(processed.Span);
    }

    /// <summary>Decrypts with a password already processed as EIP-2335 says (NFKD, controls stripped, UTF-8).</summary>
    public SecretBytes Decrypt(ReadOnlySpan<byte> processedPassword)
    {
        using var derivedKey = Kdf.DeriveKey(processedPassword);
        return DecryptWith(derivedKey.Span);
    }

    /// <summary>
    /// Decrypts with a key already derived under this keystore's KDF parameters (<see cref="KeystoreKey"/>); a key of
    /// other parameters is an <see cref="ArgumentException"/>, a wrong password a <see cref="KeystorePasswordException"/>.
    /// </summary>
    public SecretBytes Decrypt(KeystoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.Kdf.Equals(Kdf))
            throw new ArgumentException("the key was derived under other KDF parameters than this keystore's", nameof(key));
        return DecryptWith(key.Span);
    }

    /// <summary>The KDF parameters of this keystore are those <paramref name="key"/> was derived under.</summary>
    public bool IsDerivedUnder(KeystoreKey key) => key is not null && key.Kdf.Equals(Kdf);

    private SecretBytes DecryptWith(ReadOnlySpan<byte> derivedKey)
    {
        Span<byte> checksum = stackalloc byte[ChecksumLength];
        ComputeChecksum(derivedKey, _cipherText, checksum);
        if (!CryptographicOperations.FixedTimeEquals(checksum, _checksum))
            throw new KeystorePasswordException();
        var secret = new SecretBytes(_cipherText.Length);
        Aes128Ctr.Transform(derivedKey[..Aes128Ctr.KeyLength], _iv, _cipherText, secret.Writable);
        return secret;
    }

    /// <summary>
    /// Decrypts a BLS secret key; when the keystore states a public key, checks the decrypted key has it
    /// (a mismatch means the file was assembled from different keys).
    /// </summary>
    public BlsSecretKey DecryptBlsSecretKey(string password)
    {
        using var secret = Decrypt(password);
        return BlsSecretKeyOf(secret);
    }

    /// <summary>As <see cref="DecryptBlsSecretKey(string)"/>, with a key derived once for many keystores.</summary>
    public BlsSecretKey DecryptBlsSecretKey(KeystoreKey key)
    {
        using var secret = Decrypt(key);
        return BlsSecretKeyOf(secret);
    }

    private BlsSecretKey BlsSecretKeyOf(SecretBytes secret)
    {
        var key = BlsSecretKey.FromBigEndian(secret.Span);
        if (Pubkey is { } expected && !key.PublicKey.Bytes.Equals(expected))
        {
            key.Dispose();
            throw new KeystoreFormatException("pubkey", $"{expected.ToHex()} is not the public key of the decrypted secret");
        }
        return key;
    }

    /// <summary>Encrypts <paramref name="secret"/> under <paramref name="password"/>.</summary>
    public static Keystore Encrypt(ReadOnlySpan<byte> secret, string password, KeystoreEncryptionOptions? options = null)
    {
        if (secret.IsEmpty)
            throw new ArgumentException("the secret is empty", nameof(secret));
        options ??= new KeystoreEncryptionOptions();
        var kdf = options.Kdf ?? KdfParameters.DefaultScrypt();
        var iv = options.Iv?.ToArray() ?? RandomNumberGenerator.GetBytes(Aes128Ctr.IvLength);
        if (iv.Length != Aes128Ctr.IvLength)
            throw new ArgumentException($"IV must be {Aes128Ctr.IvLength} bytes, got {iv.Length}", nameof(options));

        using var processed = KeystorePassword.Process(password);
        using var derivedKey = kdf.DeriveKey(processed.Span);
        return EncryptWith(secret, kdf, derivedKey.Span, iv, options);
    }

    /// <summary>
    /// Encrypts under a key derived once (<see cref="KeystoreKey"/>): the keystore states that key's KDF parameters;
    /// any <see cref="KeystoreEncryptionOptions.Kdf"/> must be absent or equal to them. A fresh random IV per keystore.
    /// </summary>
    public static Keystore Encrypt(ReadOnlySpan<byte> secret, KeystoreKey key, KeystoreEncryptionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (secret.IsEmpty)
            throw new ArgumentException("the secret is empty", nameof(secret));
        options ??= new KeystoreEncryptionOptions();
        if (options.Kdf is { } given && !given.Equals(key.Kdf))
            throw new ArgumentException("options.Kdf differs from the KDF parameters the key was derived under", nameof(options));
        var iv = options.Iv?.ToArray() ?? RandomNumberGenerator.GetBytes(Aes128Ctr.IvLength);
        if (iv.Length != Aes128Ctr.IvLength)
            throw new ArgumentException($"IV must be {Aes128Ctr.IvLength} bytes, got {iv.Length}", nameof(options));
        return EncryptWith(secret, key.Kdf, key.Span, iv, options);
    }

    /// <summary>Encrypts a BLS secret key under a key derived once, stating its public key.</summary>
    public static Keystore Encrypt(BlsSecretKey secretKey, KeystoreKey key, KeystoreEncryptionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(secretKey);
        options ??= new KeystoreEncryptionOptions();
        var pubkey = secretKey.PublicKey.Bytes;
        if (options.Pubkey is { } given && !given.Equals(pubkey))
            throw new ArgumentException($"pubkey {given.ToHex()} is not the public key of the secret key ({pubkey.ToHex()})", nameof(options));
        using var secret = new SecretBytes(BlsSecretKey.Length);
        secretKey.WriteBigEndian(secret.Writable);
        return Encrypt(secret.Span, key, options with { Pubkey = pubkey });
    }

    private static Keystore EncryptWith(ReadOnlySpan<byte> secret, KdfParameters kdf, ReadOnlySpan<byte> derivedKey, byte[] iv, KeystoreEncryptionOptions options)
    {
        var cipherText = new byte[secret.Length];
        Aes128Ctr.Transform(derivedKey[..Aes128Ctr.KeyLength], iv, secret, cipherText);
        Span<byte> checksum = stackalloc byte[ChecksumLength];
        ComputeChecksum(derivedKey, cipherText, checksum);
        return new Keystore(kdf, checksum, iv, cipherText, options.Pubkey, options.Path, options.Uuid ?? Guid.NewGuid(), options.Description);
    }

    /// <summary>Encrypts a BLS secret key, stating its public key (any pubkey in the options must equal it).</summary>
    public static Keystore Encrypt(BlsSecretKey key, string password, KeystoreEncryptionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        options ??= new KeystoreEncryptionOptions();
        var pubkey = key.PublicKey.Bytes;
        if (options.Pubkey is { } given && !given.Equals(pubkey))
            throw new ArgumentException($"pubkey {given.ToHex()} is not the public key of the secret key ({pubkey.ToHex()})", nameof(options));
        using var secret = new SecretBytes(BlsSecretKey.Length);
        key.WriteBigEndian(secret.Writable);
        return Encrypt(secret.Span, password, options with { Pubkey = pubkey });
    }

    /// <summary>sha256(DK[16:32] || cipher_message).</summary>
    private static void ComputeChecksum(ReadOnlySpan<byte> derivedKey, ReadOnlySpan<byte> cipherText, Span<byte> checksum)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(derivedKey[16..32]);
        hash.AppendData(cipherText);
        hash.GetHashAndReset(checksum);
    }

    public override string ToString() => $"Keystore(uuid {Uuid}, path '{Path}', kdf {Kdf.Function})";
}
