namespace Dvt.Consensus.Primitives;

/// <summary>Length checks and hashing shared by the fixed-length byte types (their hex is <see cref="Hex"/>).</summary>
internal static class FixedBytes
{
    public static byte[] Copy(ReadOnlySpan<byte> bytes, int length, string typeName)
    {
        if (bytes.Length != length)
            throw new ArgumentException($"{typeName} must be {length} bytes, got {bytes.Length}", nameof(bytes));
        return bytes.ToArray();
    }

    public static int HashCodeOf(ReadOnlySpan<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }
}
