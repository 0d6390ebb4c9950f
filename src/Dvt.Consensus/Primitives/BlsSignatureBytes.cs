using System.Text.Json.Serialization;
using Dvt.Consensus.Json;

namespace Dvt.Consensus.Primitives;

/// <summary>A compressed BLS12-381 G2 signature as 96 bytes, NOT checked to be on the curve or in the subgroup: the wire and storage form.</summary>
/// <remarks>The default value is all zeros.</remarks>
[JsonConverter(typeof(HexJsonConverter<BlsSignatureBytes>))]
public readonly struct BlsSignatureBytes : IFixedBytes<BlsSignatureBytes>, IEquatable<BlsSignatureBytes>
{
    public const int ByteLength = 96;

    private static readonly byte[] ZeroBytes = new byte[ByteLength];

    private readonly byte[]? _bytes;

    /// <summary>Copies <paramref name="bytes"/>, which must be exactly 96 bytes long.</summary>
    public BlsSignatureBytes(ReadOnlySpan<byte> bytes) => _bytes = FixedBytes.Copy(bytes, ByteLength, nameof(BlsSignatureBytes));

    internal BlsSignatureBytes(byte[] owned) => _bytes = owned;

    public static BlsSignatureBytes Zero => default;

    public static int Length => ByteLength;

    public static BlsSignatureBytes FromBytes(ReadOnlySpan<byte> bytes) => new(bytes);

    public static BlsSignatureBytes Parse(string hex) => new(Hex.DecodeLenient(hex, ByteLength, nameof(BlsSignatureBytes)));

    public ReadOnlySpan<byte> AsSpan() => _bytes ?? ZeroBytes;

    public byte[] ToArray() => AsSpan().ToArray();

    public bool Equals(BlsSignatureBytes other) => AsSpan().SequenceEqual(other.AsSpan());

    public override bool Equals(object? obj) => obj is BlsSignatureBytes other && Equals(other);

    public override int GetHashCode() => FixedBytes.HashCodeOf(AsSpan());

    public static bool operator ==(BlsSignatureBytes left, BlsSignatureBytes right) => left.Equals(right);

    public static bool operator !=(BlsSignatureBytes left, BlsSignatureBytes right) => !left.Equals(right);

    /// <summary>0x-prefixed lower-case hex.</summary>
    public string ToHex() => Hex.Encode(AsSpan());

    /// <summary>0x-prefixed lower-case hex.</summary>
    public override string ToString() => Hex.Encode(AsSpan());
}
