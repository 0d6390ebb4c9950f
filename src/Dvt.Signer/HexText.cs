namespace Dvt.Signer;

/// <summary>"0x"-prefixed lowercase hex, the form every byte field of both APIs uses.</summary>
internal static class HexText
{
    public static string Encode(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    /// <summary>Decodes "0x" + exactly 2 * <paramref name="length"/> hex digits; false for anything else.</summary>
    public static bool TryDecode(string? text, int length, out byte[] bytes)
    {
        bytes = [];
        if (text is null || text.Length != 2 + 2 * length || !text.StartsWith("0x", StringComparison.Ordinal))
            return false;
        try
        {
            bytes = Convert.FromHexString(text.AsSpan(2));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
