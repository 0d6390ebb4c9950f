using System.Globalization;
using System.Numerics;

namespace Dvt.ContractBindings;

/// <summary>An unsigned 256-bit integer (wei amounts, uint256 fields), range-checked on construction.</summary>
public readonly struct UInt256 : IEquatable<UInt256>, IComparable<UInt256>
{
    public static readonly BigInteger Modulus = BigInteger.One << 256;
    public static readonly UInt256 MaxValue = new(Modulus - 1);
    public static readonly UInt256 Zero = default;

    private readonly BigInteger value;

    public UInt256(BigInteger value)
    {
        if (value.Sign < 0 || value >= Modulus)
            throw new OverflowException($"{value} is outside the uint256 range");
        this.value = value;
    }

    public UInt256(ulong value) => this.value = value;

    public BigInteger Value => value;

    public bool IsZero => value.IsZero;

    public static UInt256 FromBigEndian(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 32)
            throw new ArgumentException($"uint256 takes at most 32 bytes, got {bytes.Length}", nameof(bytes));
        return new UInt256(new BigInteger(bytes, isUnsigned: true, isBigEndian: true));
    }

    /// <summary>Writes the 32-byte big-endian form.</summary>
    public void WriteBigEndian(Span<byte> destination)
    {
        if (destination.Length != 32)
            throw new ArgumentException("destination must be 32 bytes", nameof(destination));
        destination.Clear();
        if (value.IsZero)
            return;
        var count = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(destination[(32 - count)..], out _, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>The minimal big-endian bytes (empty for zero), as RLP wants them.</summary>
    public byte[] ToMinimalBigEndian() =>
        value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);

    public static UInt256 Ether(decimal ether) => new(new BigInteger(ether * 1_000_000_000m) * 1_000_000_000);

    public static UInt256 Gwei(ulong gwei) => new(new BigInteger(gwei) * 1_000_000_000);

    public static UInt256 ParseQuantity(string text, string field = "quantity") => new(Hex.DecodeQuantity(text, field));

    public string ToQuantity() => Hex.EncodeQuantity(value);

    public static implicit operator UInt256(ulong value) => new(value);

    public static implicit operator BigInteger(UInt256 value) => value.value;

    public static explicit operator ulong(UInt256 value) => (ulong)value.value;

    public static UInt256 operator +(UInt256 a, UInt256 b) => new(a.value + b.value);

    public static UInt256 operator -(UInt256 a, UInt256 b) => new(a.value - b.value);

    public static UInt256 operator *(UInt256 a, UInt256 b) => new(a.value * b.value);

    public static bool operator <(UInt256 a, UInt256 b) => a.value < b.value;

    public static bool operator >(UInt256 a, UInt256 b) => a.value > b.value;

    public static bool operator <=(UInt256 a, UInt256 b) => a.value <= b.value;

    public static bool operator >=(UInt256 a, UInt256 b) => a.value >= b.value;

    public static bool operator ==(UInt256 a, UInt256 b) => a.value == b.value;

    public static bool operator !=(UInt256 a, UInt256 b) => a.value != b.value;

    public bool Equals(UInt256 other) => value == other.value;

    public override bool Equals(object? obj) => obj is UInt256 other && Equals(other);

    public override int GetHashCode() => value.GetHashCode();

    public int CompareTo(UInt256 other) => value.CompareTo(other.value);

    public override string ToString() => value.ToString(CultureInfo.InvariantCulture);
}
