namespace Dvt.Crypto.Bls;

/// <summary>
/// 48 bytes that claim to be a compressed BLS public key, unchecked: for the wire and the database.
/// Only the length is enforced; <see cref="BlsPublicKey.Decode(BlsPublicKeyBytes)"/> validates the point.
/// </summary>
public readonly struct BlsPublicKeyBytes : IEquatable<BlsPublicKeyBytes>
{
    public const int Length = 48;
    private static readonly byte[] Zero = new byte[Length];
    private readonly byte[]? _bytes;

    public BlsPublicKeyBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new ArgumentException($"a BLS public key is {Length} bytes, got {bytes.Length}", nameof(bytes));
        _bytes = bytes.ToArray();
    }

    /// <summary>Parses "0x" + 96 hex digits (the prefix is optional).</summary>
    public static BlsPublicKeyBytes FromHex(string hex) => new(HexEncoding.Decode(hex, Length, "BLS public key"));

    public ReadOnlySpan<byte> AsSpan() => _bytes ?? Zero;

    public byte[] ToArray() => AsSpan().ToArray();

    public string ToHex() => "0x" + Convert.ToHexStringLower(AsSpan());

    public bool Equals(BlsPublicKeyBytes other) => AsSpan().SequenceEqual(other.AsSpan());

    public override bool Equals(object? obj) => obj is BlsPublicKeyBytes o && Equals(o);

    public override int GetHashCode() => BitConverter.ToInt32(AsSpan()[1..5]);

    public static bool operator ==(BlsPublicKeyBytes a, BlsPublicKeyBytes b) => a.Equals(b);

    public static bool operator !=(BlsPublicKeyBytes a, BlsPublicKeyBytes b) => !a.Equals(b);

    public override string ToString() => ToHex();
}
