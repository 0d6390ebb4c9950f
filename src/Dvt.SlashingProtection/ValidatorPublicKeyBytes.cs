using Dvt.Consensus.Primitives;

namespace Dvt.SlashingProtection;

/// <summary>
/// The 48 bytes of a compressed BLS public key as they appear on the wire and in the database.
/// Not validated as a curve point: slashing protection only needs a stable identity for the key
/// that signs (the validator key, or an operator's key share for threshold partial signatures).
/// </summary>
public sealed class ValidatorPublicKeyBytes : IEquatable<ValidatorPublicKeyBytes>, IComparable<ValidatorPublicKeyBytes>
{
    public const int Length = 48;

    private readonly byte[] _bytes;

    public ValidatorPublicKeyBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new ArgumentException($"a validator public key is {Length} bytes, got {bytes.Length}", nameof(bytes));
        _bytes = bytes.ToArray();
    }

    /// <summary>Parses "0x" + 96 hex digits.</summary>
    public static ValidatorPublicKeyBytes Parse(string hex)
        => new(Hex.DecodeFixed(hex, Length, "validator public key"));

    public ReadOnlySpan<byte> AsSpan() => _bytes;

    public byte[] ToArray() => (byte[])_bytes.Clone();

    public bool Equals(ValidatorPublicKeyBytes? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as ValidatorPublicKeyBytes);

    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0) ^ BitConverter.ToInt32(_bytes, 44);

    public int CompareTo(ValidatorPublicKeyBytes? other)
        => other is null ? 1 : _bytes.AsSpan().SequenceCompareTo(other._bytes);

    public static bool operator ==(ValidatorPublicKeyBytes? a, ValidatorPublicKeyBytes? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(ValidatorPublicKeyBytes? a, ValidatorPublicKeyBytes? b) => !(a == b);

    public override string ToString() => Hex.Encode(_bytes);
}
