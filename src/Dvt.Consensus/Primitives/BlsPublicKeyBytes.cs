using System.Text.Json.Serialization;
using Dvt.Consensus.Json;

namespace Dvt.Consensus.Primitives;

/// <summary>A compressed BLS12-381 G1 public key as 48 bytes, NOT checked to be on the curve or in the subgroup: the wire and storage form.</summary>
/// <remarks>The default value is all zeros.</remarks>
[JsonConverter(typeof(HexJsonConverter<BlsPublicKeyBytes>))]
public readonly struct BlsPublicKeyBytes : IFixedBytes<BlsPublicKeyBytes>, IEquatable<BlsPublicKeyBytes>
{
    public const int ByteLength = 48;

    private static readonly byte[] ZeroBytes = new byte[ByteLength];

    private readonly byte[]? _bytes;

    /// <summary>Copies <paramref name="bytes"/>, which must be exactly 48 bytes long.</summary>
    public BlsPublicKeyBytes(ReadOnlySpan<byte> bytes) => _bytes = FixedBytes.Copy(bytes, ByteLength, nameof(BlsPublicKeyBytes));

    internal BlsPublicKeyBytes(byte[] owned) => _bytes = owned;

    public static BlsPublicKeyBytes Zero => default;

    public static int Length => ByteLength;

    public static BlsPublicKeyBytes FromBytes(ReadOnlySpan<byte> bytes) => new(bytes);

    public static BlsPublicKeyBytes Parse(string hex) => new(Hex.DecodeLenient(hex, ByteLength, nameof(BlsPublicKeyBytes)));

    public ReadOnlySpan<byte> AsSpan() => _bytes ?? ZeroBytes;

    public byte[] ToArray() => AsSpan().ToArray();

    public bool Equals(BlsPublicKeyBytes other) => AsSpan().SequenceEqual(other.AsSpan());

    public override bool Equals(object? obj) => obj is BlsPublicKeyBytes other && Equals(other);

    public override int GetHashCode() => FixedBytes.HashCodeOf(AsSpan());

    public static bool operator ==(BlsPublicKeyBytes left, BlsPublicKeyBytes right) => left.Equals(right);

    public static bool operator !=(BlsPublicKeyBytes left, BlsPublicKeyBytes right) => !left.Equals(right);

    /// <summary>0x-prefixed lower-case hex.</summary>
    public string ToHex() => Hex.Encode(AsSpan());

    /// <summary>0x-prefixed lower-case hex.</summary>
    public override string ToString() => Hex.Encode(AsSpan());
}
