namespace Dvt.Crypto.Bls;

/// <summary>Strict hex decoding with an optional 0x prefix, naming the field on error.</summary>
public static class HexEncoding
{
    public static byte[] Decode(string hex, int expectedLength, string field)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        if (digits.Length != expectedLength * 2)
            throw new FormatException($"{field}: expected {expectedLength} bytes ({expectedLength * 2} hex digits), got {digits.Length} hex digits");
        try
        {
            return Convert.FromHexString(digits);
        }
        catch (FormatException)
        {
            throw new FormatException($"{field}: not a hex string");
        }
    }

    /// <summary>Any length (e.g. a message).</summary>
    public static byte[] Decode(string hex, string field)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        if (digits.Length % 2 != 0)
            throw new FormatException($"{field}: odd number of hex digits ({digits.Length})");
        try
        {
            return Convert.FromHexString(digits);
        }
        catch (FormatException)
        {
            throw new FormatException($"{field}: not a hex string");
        }
    }
}
