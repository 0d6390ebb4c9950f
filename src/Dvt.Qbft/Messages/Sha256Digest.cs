using System.Security.Cryptography;

namespace Dvt.Qbft.Messages;

/// <summary>A 32-byte SHA-256 digest: a value's hash, a holder set's id, a message's signing digest.</summary>
public readonly struct Sha256Digest : IEquatable<Sha256Digest>
{
    public const int Length = 32;

    private readonly byte[]? _bytes;

    public Sha256Digest(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new ArgumentException($"a SHA-256 digest is {Length} bytes, got {bytes.Length}", nameof(bytes));
        _bytes = bytes.ToArray();
    }

    private Sha256Digest(byte[] owned) => _bytes = owned;

    public static Sha256Digest Zero => default;

    public bool IsZero => _bytes is null || !_bytes.AsSpan().ContainsAnyExcept((byte)0);

    public static Sha256Digest Of(ReadOnlySpan<byte> data) => new(SHA256.HashData(data));

    public ReadOnlySpan<byte> AsSpan() => _bytes ?? ZeroBytes;

    public bool Equals(Sha256Digest other) => AsSpan().SequenceEqual(other.AsSpan());

    public override bool Equals(object? obj) => obj is Sha256Digest other && Equals(other);

    public override int GetHashCode() => BitConverter.ToInt32(AsSpan()[..4]);

    public static bool operator ==(Sha256Digest left, Sha256Digest right) => left.Equals(right);

    public static bool operator !=(Sha256Digest left, Sha256Digest right) => !left.Equals(right);

    public override string ToString() => "0x" + Convert.ToHexStringLower(AsSpan());

    private static readonly byte[] ZeroBytes = new byte[Length];
}
