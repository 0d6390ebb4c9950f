using System.Security.Cryptography;

namespace Dvt.Crypto.Keystores;

/// <summary>
/// Secret bytes (a decrypted keystore secret, a derived key, a processed password) in a pinned buffer, so the
/// GC never copies them, zeroed on <see cref="Dispose"/> (or, failing that, by the finalizer); never printed.
/// Reading after Dispose throws.
/// </summary>
public sealed class SecretBytes : IDisposable
{
    private readonly byte[] _bytes;
    private bool _disposed;

    /// <summary>A zeroed secret of <paramref name="length"/> bytes, to be filled through <see cref="Writable"/>.</summary>
    internal SecretBytes(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _bytes = GC.AllocateArray<byte>(length, pinned: true);
    }

    ~SecretBytes() => CryptographicOperations.ZeroMemory(_bytes);

    /// <summary>Copies <paramref name="secret"/>; the caller still owns and zeroes its own copy.</summary>
    public static SecretBytes CopyOf(ReadOnlySpan<byte> secret)
    {
        var copy = new SecretBytes(secret.Length);
        secret.CopyTo(copy._bytes);
        return copy;
    }

    public int Length => _bytes.Length;

    public ReadOnlySpan<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _bytes;
        }
    }

    internal Span<byte> Writable
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _bytes;
        }
    }

    /// <summary>Constant-time comparison with another secret of the same length.</summary>
    public bool ContentEquals(ReadOnlySpan<byte> other) => CryptographicOperations.FixedTimeEquals(Span, other);

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_bytes);
        _disposed = true;
        GC.SuppressFinalize(this);
    }

    public override string ToString() => $"SecretBytes({_bytes.Length} bytes, redacted)";
}
