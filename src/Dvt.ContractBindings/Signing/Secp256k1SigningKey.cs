using System.Security.Cryptography;

namespace Dvt.ContractBindings.Signing;

/// <summary>
/// A secp256k1 secret held for many signatures, on NBitcoin.Secp256k1 (libsecp256k1's algorithm, the library Nethereum
/// signs with): RFC 6979 nonce, low s, and the recovery bit with the signature, so no trial recovery finds it. For
/// signers on a hot path (peer requests, QBFT messages), where importing the secret for each signature
/// (<see cref="Secp256k1.Sign(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>) would cost more than the signature. Wiped on
/// Dispose.
/// </summary>
public sealed class Secp256k1SigningKey : IDisposable
{
    private readonly NBitcoin.Secp256k1.ECPrivKey _key;

    private Secp256k1SigningKey(NBitcoin.Secp256k1.ECPrivKey key) => _key = key;

    /// <exception cref="ArgumentException">The secret is not a valid private key (0 &lt; d &lt; n, 32 bytes).</exception>
    public static Secp256k1SigningKey FromSecret(ReadOnlySpan<byte> secret)
    {
        if (!NBitcoin.Secp256k1.ECPrivKey.TryCreate(secret, out var key) || key is null)
            throw new ArgumentException("secret is not a valid secp256k1 private key");
        return new Secp256k1SigningKey(key);
    }

    /// <summary>The operator key's secret, copied into the signing key and the copy wiped.</summary>
    public static Secp256k1SigningKey From(EthereumPrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var secret = key.ExportSecret();
        try
        {
            return FromSecret(secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>Signs a 32-byte message hash: low-s r, s and the y parity of R.</summary>
    public EcdsaSignature Sign(ReadOnlySpan<byte> messageHash)
    {
        if (messageHash.Length != 32)
            throw new ArgumentException($"message hash must be 32 bytes, got {messageHash.Length}", nameof(messageHash));
        if (!_key.TrySignRecoverable(messageHash, out var signature) || signature is null)
            throw new InvalidOperationException("secp256k1 signing failed");
        Span<byte> compact = stackalloc byte[64];
        signature.WriteToSpanCompact(compact, out var recoveryId);
        if (recoveryId > 1)
            throw new InvalidOperationException($"secp256k1 returned recovery id {recoveryId}");
        return new EcdsaSignature(UInt256.FromBigEndian(compact[..32]), UInt256.FromBigEndian(compact[32..]), (byte)recoveryId);
    }

    public void Dispose() => _key.Dispose();
}
