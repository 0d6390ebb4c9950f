namespace Dvt.Qbft.Messages;

/// <summary>
/// An operator's signature over a message digest: 64 bytes, secp256k1 r || s (low s) made with the operator's
/// registered key. No recovery byte: finding it costs the signer a point recovery on every message, while the
/// verifier needs the key only once per operator and then keeps it. Unchecked bytes; only an
/// <see cref="Signing.IMessageVerifier"/> says whether they are valid.
/// </summary>
public readonly struct MessageSignature : IEquatable<MessageSignature>
{
    public const int Length = 64;

    private readonly byte[]? _bytes;

    public MessageSignature(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new ArgumentException($"a message signature is {Length} bytes, got {bytes.Length}", nameof(bytes));
        _bytes = bytes.ToArray();
    }

    public ReadOnlySpan<byte> AsSpan() => _bytes ?? ZeroBytes;

    public bool Equals(MessageSignature other) => AsSpan().SequenceEqual(other.AsSpan());

    public override bool Equals(object? obj) => obj is MessageSignature other && Equals(other);

    public override int GetHashCode() => BitConverter.ToInt32(AsSpan()[..4]);

    public static bool operator ==(MessageSignature left, MessageSignature right) => left.Equals(right);

    public static bool operator !=(MessageSignature left, MessageSignature right) => !left.Equals(right);

    public override string ToString() => "0x" + Convert.ToHexStringLower(AsSpan());

    private static readonly byte[] ZeroBytes = new byte[Length];
}
