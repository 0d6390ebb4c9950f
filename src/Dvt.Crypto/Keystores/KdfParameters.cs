namespace Dvt.Crypto.Keystores;

/// <summary>The key-derivation function of a keystore (crypto.kdf): scrypt or pbkdf2 with its parameters and salt.</summary>
public abstract record KdfParameters
{
    /// <summary>EIP-2335 keystores derive 32 bytes: 16 for the AES key, 16 for the checksum.</summary>
    public const int DerivedKeyLength = 32;

    public const int DefaultSaltLength = 32;

    /// <summary>The "function" name in the keystore JSON.</summary>
    public abstract string Function { get; }

    public abstract ReadOnlyMemory<byte> Salt { get; }

    /// <summary>Derives <see cref="DerivedKeyLength"/> bytes from the processed password.</summary>
    public abstract SecretBytes DeriveKey(ReadOnlySpan<byte> processedPassword);

    /// <summary>scrypt with the EIP-2335 example cost (n = 2^18, r = 8, p = 1: 256 MiB) and a fresh random salt.</summary>
    public static KdfParameters DefaultScrypt() => new ScryptParameters(262144, 8, 1, RandomSalt());

    /// <summary>pbkdf2-hmac-sha256 with the EIP-2335 example cost (c = 2^18) and a fresh random salt.</summary>
    public static KdfParameters DefaultPbkdf2() => new Pbkdf2Parameters(262144, RandomSalt());

    protected static byte[] RandomSalt() => System.Security.Cryptography.RandomNumberGenerator.GetBytes(DefaultSaltLength);
}
