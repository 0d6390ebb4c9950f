using Nethereum.Signer;

namespace Dvt.ContractBindings.Signing;

/// <summary>
/// secp256k1 as Ethereum uses it: signing by Nethereum's <see cref="EthECKey"/> (RFC 6979 nonces, low-s, the
/// recovery bit), public-key recovery (ecrecover) on NBitcoin.Secp256k1. What stays here: the range checks on secrets and signatures, and that the secret is handed to
/// Nethereum only for the one operation and its copy wiped afterwards.
/// </summary>
public static class Secp256k1
{
    private static readonly System.Numerics.BigInteger N = System.Numerics.BigInteger.Parse(
        "115792089237316195423570985008687907852837564279074904382605163141518161494337", System.Globalization.CultureInfo.InvariantCulture);

    static Secp256k1()
    {
        // Nethereum's process-wide switch: sign with NBitcoin.Secp256k1, which returns the recovery id, instead of
        // BouncyCastle plus trial recovery (two orders of magnitude slower). Same RFC 6979 signatures either way.
        EthECKey.SignRecoverable = true;
    }

    public static System.Numerics.BigInteger Order => N;

    /// <summary>n / 2: an s above it is the high half that EIP-2 refuses.</summary>
    public static System.Numerics.BigInteger HalfOrder { get; } = N / 2;

    /// <summary>Signs a 32-byte message hash.</summary>
    public static EcdsaSignature Sign(ReadOnlySpan<byte> messageHash, ReadOnlySpan<byte> secret)
    {
        if (messageHash.Length != 32)
            throw new ArgumentException($"message hash must be 32 bytes, got {messageHash.Length}", nameof(messageHash));
        var secretCopy = secret.ToArray();
        try
        {
            // Nethereum hands NBitcoin the secret as a minimal big-endian integer: a secret whose first byte is zero (one
            // key in 256) arrives as 31 bytes and is refused. Such keys are signed by NBitcoin.Secp256k1 directly (the
            // library Nethereum calls, same RFC 6979 signatures).
            if (secretCopy.Length == 32 && secretCopy[0] == 0)
                return SignDirect(messageHash, secretCopy);
            var key = new EthECKey(secretCopy, true);
            var signature = key.SignAndCalculateYParityV(messageHash.ToArray());
            var v = signature.V.Length == 0 ? 0 : signature.V[^1];
            if (v > 1)
                throw new InvalidOperationException($"Nethereum returned y parity {v}");
            return new EcdsaSignature(UInt256.FromBigEndian(signature.R), UInt256.FromBigEndian(signature.S), (byte)v);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(secretCopy);
        }
    }

    private static EcdsaSignature SignDirect(ReadOnlySpan<byte> messageHash, byte[] secret)
    {
        using var key = Secp256k1SigningKey.FromSecret(secret);
        return key.Sign(messageHash);
    }

    /// <summary>Signs with the signer's known public key (kept for callers; Nethereum derives the recovery bit itself).</summary>
    public static EcdsaSignature Sign(ReadOnlySpan<byte> messageHash, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> publicKey64) =>
        Sign(messageHash, secret);

    /// <summary>The 64-byte uncompressed public key (x || y, without the 0x04 prefix).</summary>
    public static byte[] PublicKey(ReadOnlySpan<byte> secret)
    {
        var secretCopy = secret.ToArray();
        try
        {
            return new EthECKey(secretCopy, true).GetPubKeyNoPrefix();
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(secretCopy);
        }
    }

    public static Address AddressOf(ReadOnlySpan<byte> publicKey64)
    {
        if (publicKey64.Length != 64)
            throw new ArgumentException($"public key must be 64 bytes, got {publicKey64.Length}", nameof(publicKey64));
        return new Address(Keccak256.Hash(publicKey64).AsSpan(12));
    }

    /// <summary>The signer's address from a message hash and signature (ecrecover); throws for an invalid signature.</summary>
    public static Address Recover(ReadOnlySpan<byte> messageHash, EcdsaSignature signature) => AddressOf(RecoverPublicKey(messageHash, signature));

    /// <summary>
    /// The 64-byte public key (x || y) that made the signature over the hash, which a verifier can keep to check later
    /// signatures without recovery; null when no key did (r or s out of range, no point).
    /// </summary>
    public static byte[]? TryRecoverPublicKey(ReadOnlySpan<byte> messageHash, EcdsaSignature signature)
    {
        try
        {
            return RecoverPublicKey(messageHash, signature);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static byte[] RecoverPublicKey(ReadOnlySpan<byte> messageHash, EcdsaSignature signature)
    {
        if (messageHash.Length != 32)
            throw new ArgumentException($"message hash must be 32 bytes, got {messageHash.Length}", nameof(messageHash));
        System.Numerics.BigInteger r = signature.R;
        System.Numerics.BigInteger s = signature.S;
        if (r.Sign <= 0 || r >= N || s.Sign <= 0 || s >= N)
            throw new ArgumentException("signature r or s is out of range");
        if (signature.YParity > 1)
            throw new ArgumentException($"signature y parity must be 0 or 1, got {signature.YParity}");
        // SEC 1 v2, 4.1.6 on NBitcoin.Secp256k1 (libsecp256k1's algorithm, the library Nethereum signs with): every r, s
        // in range either gives a key or none (false), never an exception from inside the library, for an r that is
        // the x of no curve point too, a value any peer can send. Twice as fast as BouncyCastle, and no shared lock.
        Span<byte> compact = stackalloc byte[64];
        signature.R.WriteBigEndian(compact[..32]);
        signature.S.WriteBigEndian(compact[32..]);
        if (!NBitcoin.Secp256k1.SecpRecoverableECDSASignature.TryCreateFromCompact(compact, signature.YParity, out var recoverable) || recoverable is null
            || !NBitcoin.Secp256k1.ECPubKey.TryRecover(NBitcoin.Secp256k1.Context.Instance, recoverable, messageHash, out var publicKey) || publicKey is null)
            throw new ArgumentException("signature does not recover to a point");
        Span<byte> uncompressed = stackalloc byte[65];
        publicKey.WriteToSpan(false, uncompressed, out _);
        return uncompressed[1..].ToArray();
    }

    /// <summary>True when the secret is a valid private key: 0 &lt; d &lt; n.</summary>
    public static bool IsValidSecret(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != 32)
            return false;
        var d = new System.Numerics.BigInteger(secret, isUnsigned: true, isBigEndian: true);
        return d.Sign > 0 && d < N;
    }
}
