using System.Text.Json.Serialization;
using Dvt.Consensus.Json;

namespace Dvt.Consensus.Primitives;

/// <summary>A 20-byte execution-layer address (e.g. a builder registration's fee recipient).</summary>
/// <remarks>The default value is all zeros.</remarks>
[JsonConverter(typeof(HexJsonConverter<ExecutionAddress>))]
public readonly struct ExecutionAddress : IFixedBytes<ExecutionAddress>, IEquatable<ExecutionAddress>
{
    public const int ByteLength = 20;

    private static readonly byte[] ZeroBytes = new byte[ByteLength];

    private readonly byte[]? _bytes;

    /// <summary>Copies <paramref name="bytes"/>, which must be exactly 20 bytes long.</summary>
    public ExecutionAddress(ReadOnlySpan<byte> bytes) => _bytes = FixedBytes.Copy(bytes, ByteLength, nameof(ExecutionAddress));

    internal ExecutionAddress(byte[] owned) => _bytes = owned;

    public static ExecutionAddress Zero => default;

    public static int Length => ByteLength;

    public static ExecutionAddress FromBytes(ReadOnlySpan<byte> bytes) => new(bytes);

    public static ExecutionAddress Parse(string hex) => new(Hex.DecodeLenient(hex, ByteLength, nameof(ExecutionAddress)));

    public ReadOnlySpan<byte> AsSpan() => _bytes ?? ZeroBytes;

    public byte[] ToArray() => AsSpan().ToArray();

    public bool Equals(ExecutionAddress other) => AsSpan().SequenceEqual(other.AsSpan());

    public override bool Equals(object? obj) => obj is ExecutionAddress other && Equals(other);

    public override int GetHashCode() => FixedBytes.HashCodeOf(AsSpan());

    public static bool operator ==(ExecutionAddress left, ExecutionAddress right) => left.Equals(right);

    public static bool operator !=(ExecutionAddress left, ExecutionAddress right) => !left.Equals(right);

    /// <summary>0x-prefixed lower-case hex.</summary>
    public override string ToString() => Hex.Encode(AsSpan());
}
