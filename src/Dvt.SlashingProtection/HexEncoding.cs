namespace Dvt.SlashingProtection;

/// <summary>Parsing of the 0x-prefixed fixed-length hex strings used by EIP-3076.</summary>
internal static class HexEncoding
{
    /// <summary>Decodes "0x" followed by exactly 2*<paramref name="length"/> hex digits; null with a reason otherwise.</summary>
    public static byte[]? TryDecode(string text, int length, out string? problem)
    {
        if (!text.StartsWith("0x", StringComparison.Ordinal))
        {
            problem = $"expected a 0x-prefixed hex string of {length} bytes, got \"{Shorten(text)}\"";
            return null;
        }
        var digits = text.AsSpan(2);
        if (digits.Length != 2 * length)
        {
            problem = $"expected {length} bytes ({2 * length} hex digits), got {digits.Length} hex digits";
            return null;
        }
        var bytes = new byte[length];
        if (Convert.FromHexString(digits, bytes, out _, out _) != System.Buffers.OperationStatus.Done)
        {
            problem = $"expected hex digits, got \"{Shorten(text)}\"";
            return null;
        }
        problem = null;
        return bytes;
    }

    public static byte[] Decode(string text, int length, string what)
        => TryDecode(text, length, out var problem) ?? throw new FormatException($"{what}: {problem}");

    public static string Encode(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    private static string Shorten(string text) => text.Length <= 24 ? text : text[..24] + "...";
}
