using System.Text.Json.Serialization;
using Dvt.Consensus.Json;

namespace Dvt.Consensus.Primitives;

/// <summary>An opaque 32-byte value that is not a root (withdrawal credentials, graffiti, a Merkle branch node).</summary>
/// <remarks>The default value is all zeros.</remarks>
[JsonConverter(typeof(HexJsonConverter<Bytes32>))]
public readonly struct Bytes32 : IFixedBytes<Bytes32>, IEquatable<Bytes32>
{
    public const int ByteLength = 32;

    private static readonly byte[] ZeroBytes = new byte[ByteLength];

    private readonly byte[]? _bytes;

    /// <summary>Copies <paramref name="bytes"/>, which must be exactly 32 bytes long.</summary>
    public Bytes32(ReadOnlySpan<byte> bytes) => _bytes = FixedBytes.Copy(bytes, ByteLength, nameof(Bytes32));

    internal Bytes32(byte[] owned) => _bytes = owned;

    public static Bytes32 Zero => default;

    public static int Length => ByteLength;

    public static Bytes32 FromBytes(ReadOnlySpan<byte> bytes) => new(bytes);

    public static Bytes32 Parse(string hex) => new(Hex.DecodeLenient(hex, ByteLength, nameof(Bytes32)));

    public ReadOnlySpan<byte> AsSpan() => _bytes ?? ZeroBytes;

    public byte[] ToArray() => AsSpan().ToArray();

    public bool Equals(Bytes32 other) => AsSpan().SequenceEqual(other.AsSpan());

    public override bool Equals(object? obj) => obj is Bytes32 other && Equals(other);

    public override int GetHashCode() => FixedBytes.HashCodeOf(AsSpan());

    public static bool operator ==(Bytes32 left, Bytes32 right) => left.Equals(right);

    public static bool operator !=(Bytes32 left, Bytes32 right) => !left.Equals(right);

    /// <summary>0x-prefixed lower-case hex.</summary>
    public override string ToString() => Hex.Encode(AsSpan());
}
