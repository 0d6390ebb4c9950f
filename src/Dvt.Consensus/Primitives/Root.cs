using System.Text.Json.Serialization;
using Dvt.Consensus.Json;

namespace Dvt.Consensus.Primitives;

/// <summary>A 32-byte SSZ root (Bytes32 / hash_tree_root output).</summary>
/// <remarks>The default value is all zeros.</remarks>
[JsonConverter(typeof(HexJsonConverter<Root>))]
public readonly struct Root : IFixedBytes<Root>, IEquatable<Root>
{
    public const int ByteLength = 32;

    private static readonly byte[] ZeroBytes = new byte[ByteLength];

    private readonly byte[]? _bytes;

    /// <summary>Copies <paramref name="bytes"/>, which must be exactly 32 bytes long.</summary>
    public Root(ReadOnlySpan<byte> bytes) => _bytes = FixedBytes.Copy(bytes, ByteLength, nameof(Root));

    internal Root(byte[] owned) => _bytes = owned;

    public static Root Zero => default;

    public static int Length => ByteLength;

    public static Root FromBytes(ReadOnlySpan<byte> bytes) => new(bytes);

    public static Root Parse(string hex) => new(Hex.DecodeLenient(hex, ByteLength, nameof(Root)));

    public ReadOnlySpan<byte> AsSpan() => _bytes ?? ZeroBytes;

    public byte[] ToArray() => AsSpan().ToArray();

    public bool Equals(Root other) => AsSpan().SequenceEqual(other.AsSpan());

    public override bool Equals(object? obj) => obj is Root other && Equals(other);

    public override int GetHashCode() => FixedBytes.HashCodeOf(AsSpan());

    public static bool operator ==(Root left, Root right) => left.Equals(right);

    public static bool operator !=(Root left, Root right) => !left.Equals(right);

    /// <summary>0x-prefixed lower-case hex.</summary>
    public override string ToString() => Hex.Encode(AsSpan());
}
