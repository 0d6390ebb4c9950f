using System.Security.Cryptography;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Dvt.Crypto.ShareEncryption;

/// <summary>
/// An operator's secp256k1 share-encryption secret (or a dealer's ephemeral secret). The 32 bytes sit
/// in a pinned buffer zeroed on <see cref="Dispose"/>; never printed. BouncyCastle computes with
/// immutable BigIntegers, so each operation makes a short-lived copy the GC cannot wipe; the
/// long-lived copy is this buffer.
/// </summary>
public sealed class ShareEncryptionKey : IDisposable
{
    public const int Length = Secp256k1.ScalarLength;

    private readonly byte[] _secret = GC.AllocateArray<byte>(Length, pinned: true);
    private ShareEncryptionPublicKey? _publicKey;
    private bool _disposed;

    private ShareEncryptionKey()
    {
    }

    /// <summary>From 32 big-endian bytes in [1, n).</summary>
    public static ShareEncryptionKey FromBytes(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != Length)
            throw new ArgumentException($"a share-encryption key is {Length} bytes, got {secret.Length}", nameof(secret));
        if (Secp256k1.TryScalar(secret) is null)
            throw new ArgumentException("a share-encryption key must be in [1, n) of secp256k1", nameof(secret));
        var key = new ShareEncryptionKey();
        secret.CopyTo(key._secret);
        return key;
    }

    public static ShareEncryptionKey Generate()
    {
        Span<byte> candidate = stackalloc byte[Length];
        try
        {
            while (true)
            {
                RandomNumberGenerator.Fill(candidate);
                if (Secp256k1.TryScalar(candidate) is not null)
                    return FromBytes(candidate);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(candidate);
        }
    }

    public ShareEncryptionPublicKey PublicKey
    {
        get
        {
            ThrowIfDisposed();
            return _publicKey ??= new ShareEncryptionPublicKey(Secp256k1.MultiplyGenerator(Secret()));
        }
    }

    /// <summary>Writes the 32-byte secret (for keystores); the caller zeroes the destination after use.</summary>
    public void WriteBytes(Span<byte> destination)
    {
        ThrowIfDisposed();
        if (destination.Length != Length)
            throw new ArgumentException($"destination must be {Length} bytes, got {destination.Length}", nameof(destination));
        _secret.CopyTo(destination);
    }

    /// <summary>sk * point, the ECDH point.</summary>
    internal ECPoint Multiply(ECPoint point)
    {
        ThrowIfDisposed();
        return point.Multiply(Secret()).Normalize();
    }

    internal BigInteger Secret()
    {
        ThrowIfDisposed();
        return new BigInteger(1, _secret);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_secret);
        _disposed = true;
        GC.SuppressFinalize(this);
    }

    // A key that was never disposed is still wiped before its memory is reused.
    ~ShareEncryptionKey() => CryptographicOperations.ZeroMemory(_secret);

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    public override string ToString() => "ShareEncryptionKey(redacted)";
}
