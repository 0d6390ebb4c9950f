using System.Text.Json.Serialization;
using Dvt.Consensus.Json;

namespace Dvt.Consensus.Primitives;

/// <summary>A 32-byte signature domain: domain type (4) followed by the first 28 bytes of the fork data root.</summary>
/// <remarks>The default value is all zeros.</remarks>
[JsonConverter(typeof(HexJsonConverter<Domain>))]
public readonly struct Domain : IFixedBytes<Domain>, IEquatable<Domain>
{
    public const int ByteLength = 32;

    private static readonly byte[] ZeroBytes = new byte[ByteLength];

    private readonly byte[]? _bytes;

    /// <summary>Copies <paramref name="bytes"/>, which must be exactly 32 bytes long.</summary>
    public Domain(ReadOnlySpan<byte> bytes) => _bytes = FixedBytes.Copy(bytes, ByteLength, nameof(Domain));

    internal Domain(byte[] owned) => _bytes = owned;

    public static Domain Zero => default;

    public static int Length => ByteLength;

    public static Domain FromBytes(ReadOnlySpan<byte> bytes) => new(bytes);

    public static Domain Parse(string hex) => new(Hex.DecodeLenient(hex, ByteLength, nameof(Domain)));

    public ReadOnlySpan<byte> AsSpan() => _bytes ?? ZeroBytes;

    public byte[] ToArray() => AsSpan().ToArray();

    public bool Equals(Domain other) => AsSpan().SequenceEqual(other.AsSpan());

    public override bool Equals(object? obj) => obj is Domain other && Equals(other);

    public override int GetHashCode() => FixedBytes.HashCodeOf(AsSpan());

    public static bool operator ==(Domain left, Domain right) => left.Equals(right);

    public static bool operator !=(Domain left, Domain right) => !left.Equals(right);

    /// <summary>0x-prefixed lower-case hex.</summary>
    public override string ToString() => Hex.Encode(AsSpan());
}
