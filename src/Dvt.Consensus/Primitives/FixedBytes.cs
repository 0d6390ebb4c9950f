namespace Dvt.Consensus.Primitives;

/// <summary>Length checks and hex conversion shared by the fixed-length byte types.</summary>
internal static class FixedBytes
{
    public static byte[] Copy(ReadOnlySpan<byte> bytes, int length, string typeName)
    {
        if (bytes.Length != length)
            throw new ArgumentException($"{typeName} must be {length} bytes, got {bytes.Length}", nameof(bytes));
        return bytes.ToArray();
    }

    /// <summary>Hex with or without a 0x prefix (deposit files and keystores omit it, the beacon API has it).</summary>
    public static byte[] ParseHex(string hex, int length, string typeName)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = hex.AsSpan();
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            digits = digits[2..];
        if (digits.Length != 2 * length)
            throw new FormatException($"{typeName} must be {length} bytes ({2 * length} hex digits), got {digits.Length} hex digits");
        var bytes = new byte[length];
        var status = Convert.FromHexString(digits, bytes, out _, out _);
        if (status != System.Buffers.OperationStatus.Done)
            throw new FormatException($"{typeName} is not valid hex: '{Truncate(hex)}'");
        return bytes;
    }

    public static string ToHex(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    public static int HashCodeOf(ReadOnlySpan<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }

    private static string Truncate(string text) => text.Length <= 24 ? text : text[..24] + "...";
}
