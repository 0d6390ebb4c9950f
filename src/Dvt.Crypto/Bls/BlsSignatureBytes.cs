namespace Dvt.Crypto.Bls;

/// <summary>
/// 48 bytes that claim to be a compressed BLS signature, unchecked: for the wire and the database.
/// Only the length is enforced; <see cref="BlsSignature.Decode(BlsSignatureBytes)"/> validates the point.
/// </summary>
public readonly struct BlsSignatureBytes : IEquatable<BlsSignatureBytes>
{
    public const int Length = 96;
    private static readonly byte[] Zero = new byte[Length];
    private readonly byte[]? _bytes;

    public BlsSignatureBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new ArgumentException($"a BLS signature is {Length} bytes, got {bytes.Length}", nameof(bytes));
        _bytes = bytes.ToArray();
    }

    /// <summary>Parses "0x" + 192 hex digits (the prefix is optional).</summary>
    public static BlsSignatureBytes FromHex(string hex) => new(HexEncoding.Decode(hex, Length, "BLS signature"));

    public ReadOnlySpan<byte> AsSpan() => _bytes ?? Zero;

    public byte[] ToArray() => AsSpan().ToArray();

    public string ToHex() => "0x" + Convert.ToHexStringLower(AsSpan());

    public bool Equals(BlsSignatureBytes other) => AsSpan().SequenceEqual(other.AsSpan());

    public override bool Equals(object? obj) => obj is BlsSignatureBytes o && Equals(o);

    public override int GetHashCode() => BitConverter.ToInt32(AsSpan()[1..5]);

    public static bool operator ==(BlsSignatureBytes a, BlsSignatureBytes b) => a.Equals(b);

    public static bool operator !=(BlsSignatureBytes a, BlsSignatureBytes b) => !a.Equals(b);

    public override string ToString() => ToHex();
}
