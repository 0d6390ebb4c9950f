using System.Text.Json.Serialization;
using Dvt.Consensus.Json;

namespace Dvt.Consensus.Primitives;

/// <summary>A 4-byte domain type (e.g. DOMAIN_BEACON_ATTESTER = 0x01000000).</summary>
/// <remarks>The default value is all zeros.</remarks>
[JsonConverter(typeof(HexJsonConverter<DomainType>))]
public readonly struct DomainType : IFixedBytes<DomainType>, IEquatable<DomainType>
{
    public const int ByteLength = 4;

    private static readonly byte[] ZeroBytes = new byte[ByteLength];

    private readonly byte[]? _bytes;

    /// <summary>Copies <paramref name="bytes"/>, which must be exactly 4 bytes long.</summary>
    public DomainType(ReadOnlySpan<byte> bytes) => _bytes = FixedBytes.Copy(bytes, ByteLength, nameof(DomainType));

    internal DomainType(byte[] owned) => _bytes = owned;

    public static DomainType Zero => default;

    public static int Length => ByteLength;

    public static DomainType FromBytes(ReadOnlySpan<byte> bytes) => new(bytes);

    public static DomainType Parse(string hex) => new(Hex.DecodeLenient(hex, ByteLength, nameof(DomainType)));

    public ReadOnlySpan<byte> AsSpan() => _bytes ?? ZeroBytes;

    public byte[] ToArray() => AsSpan().ToArray();

    public bool Equals(DomainType other) => AsSpan().SequenceEqual(other.AsSpan());

    public override bool Equals(object? obj) => obj is DomainType other && Equals(other);

    public override int GetHashCode() => FixedBytes.HashCodeOf(AsSpan());

    public static bool operator ==(DomainType left, DomainType right) => left.Equals(right);

    public static bool operator !=(DomainType left, DomainType right) => !left.Equals(right);

    /// <summary>0x-prefixed lower-case hex.</summary>
    public override string ToString() => Hex.Encode(AsSpan());
}
