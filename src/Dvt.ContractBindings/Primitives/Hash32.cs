namespace Dvt.ContractBindings;

/// <summary>A 32-byte value: block and transaction hashes, event topics, bytes32 fields.</summary>
public readonly struct Hash32 : IEquatable<Hash32>
{
    private readonly byte[]? bytes;

    public Hash32(ReadOnlySpan<byte> value)
    {
        if (value.Length != 32)
            throw new ArgumentException($"a 32-byte hash needs 32 bytes, got {value.Length}", nameof(value));
        bytes = value.ToArray();
    }

    public static Hash32 Zero => new(new byte[32]);

    public ReadOnlySpan<byte> Bytes => bytes ?? new byte[32];

    public byte[] ToArray() => Bytes.ToArray();

    public static Hash32 Parse(string text, string field = "hash")
    {
        var data = Hex.DecodeData(text, field);
        if (data.Length != 32)
            throw new FormatException($"{field}: expected 32 bytes, got {data.Length} in '{Hex.Shorten(text)}'");
        return new Hash32(data);
    }

    public bool Equals(Hash32 other) => Bytes.SequenceEqual(other.Bytes);

    public override bool Equals(object? obj) => obj is Hash32 other && Equals(other);

    public override int GetHashCode() => BitConverter.ToInt32(Bytes[..4]);

    public static bool operator ==(Hash32 left, Hash32 right) => left.Equals(right);

    public static bool operator !=(Hash32 left, Hash32 right) => !left.Equals(right);

    public override string ToString() => Hex.Encode(Bytes);
}
