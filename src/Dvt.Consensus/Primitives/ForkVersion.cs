using System.Text.Json.Serialization;
using Dvt.Consensus.Json;

namespace Dvt.Consensus.Primitives;

/// <summary>A 4-byte fork version (the spec's Version; named ForkVersion so it does not clash with System.Version).</summary>
/// <remarks>The default value is all zeros.</remarks>
[JsonConverter(typeof(HexJsonConverter<ForkVersion>))]
public readonly struct ForkVersion : IFixedBytes<ForkVersion>, IEquatable<ForkVersion>
{
    public const int ByteLength = 4;

    private static readonly byte[] ZeroBytes = new byte[ByteLength];

    private readonly byte[]? _bytes;

    /// <summary>Copies <paramref name="bytes"/>, which must be exactly 4 bytes long.</summary>
    public ForkVersion(ReadOnlySpan<byte> bytes) => _bytes = FixedBytes.Copy(bytes, ByteLength, nameof(ForkVersion));

    internal ForkVersion(byte[] owned) => _bytes = owned;

    public static ForkVersion Zero => default;

    public static int Length => ByteLength;

    public static ForkVersion FromBytes(ReadOnlySpan<byte> bytes) => new(bytes);

    public static ForkVersion Parse(string hex) => new(Hex.DecodeLenient(hex, ByteLength, nameof(ForkVersion)));

    public ReadOnlySpan<byte> AsSpan() => _bytes ?? ZeroBytes;

    public byte[] ToArray() => AsSpan().ToArray();

    public bool Equals(ForkVersion other) => AsSpan().SequenceEqual(other.AsSpan());

    public override bool Equals(object? obj) => obj is ForkVersion other && Equals(other);

    public override int GetHashCode() => FixedBytes.HashCodeOf(AsSpan());

    public static bool operator ==(ForkVersion left, ForkVersion right) => left.Equals(right);

    public static bool operator !=(ForkVersion left, ForkVersion right) => !left.Equals(right);

    /// <summary>0x-prefixed lower-case hex.</summary>
    public override string ToString() => Hex.Encode(AsSpan());
}
