using System.Numerics;

namespace Dvt.ContractBindings;

/// <summary>
/// Strict hex as JSON-RPC uses it: data is "0x" + an even number of digits; a quantity is "0x" + the
/// shortest digits (no leading zero except "0x0"). Anything else is refused with the offending text.
/// </summary>
public static class Hex
{
    public static string Encode(ReadOnlySpan<byte> bytes, bool prefix = true) =>
        prefix ? string.Concat("0x", Convert.ToHexStringLower(bytes)) : Convert.ToHexStringLower(bytes);

    /// <summary>Decodes "0x"-prefixed data with an even digit count (the prefix is required).</summary>
    public static byte[] DecodeData(string text, string field = "data")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith("0x", StringComparison.Ordinal) && !text.StartsWith("0X", StringComparison.Ordinal))
            throw new FormatException($"{field}: expected 0x-prefixed hex, got '{Shorten(text)}'");
        return DecodeDigits(text.AsSpan(2), field, text);
    }

    /// <summary>Decodes hex digits with or without the "0x" prefix (for user input such as keys and keystore fields).</summary>
    public static byte[] DecodeLenient(string text, string field)
    {
        ArgumentNullException.ThrowIfNull(text);
        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text.AsSpan(2) : text.AsSpan();
        return DecodeDigits(digits, field, text);
    }

    private static byte[] DecodeDigits(ReadOnlySpan<char> digits, string field, string whole)
    {
        if (digits.Length % 2 != 0)
            throw new FormatException($"{field}: odd number of hex digits in '{Shorten(whole)}'");
        var result = new byte[digits.Length / 2];
        for (var i = 0; i < result.Length; i++)
        {
            var hi = Nibble(digits[2 * i]);
            var lo = Nibble(digits[2 * i + 1]);
            if ((hi | lo) < 0)
                throw new FormatException($"{field}: invalid hex digit in '{Shorten(whole)}'");
            result[i] = (byte)((hi << 4) | lo);
        }
        return result;
    }

    public static string EncodeQuantity(BigInteger value)
    {
        if (value.Sign < 0)
            throw new ArgumentOutOfRangeException(nameof(value), value, "a quantity cannot be negative");
        if (value.IsZero)
            return "0x0";
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var hex = Encode(bytes, prefix: false).TrimStart('0');
        return "0x" + hex;
    }

    public static string EncodeQuantity(ulong value) => "0x" + value.ToString("x", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses a JSON-RPC quantity strictly: "0x0" or "0x" + digits without a leading zero.</summary>
    public static BigInteger DecodeQuantity(string text, string field = "quantity")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length < 3 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X'))
            throw new FormatException($"{field}: expected a 0x-prefixed quantity, got '{Shorten(text)}'");
        if (text.Length > 3 && text[2] == '0')
            throw new FormatException($"{field}: quantity has a leading zero: '{Shorten(text)}'");
        if (text.Length > 2 + 64)
            throw new FormatException($"{field}: quantity longer than 256 bits: '{Shorten(text)}'");
        BigInteger value = BigInteger.Zero;
        for (var i = 2; i < text.Length; i++)
        {
            var n = Nibble(text[i]);
            if (n < 0)
                throw new FormatException($"{field}: invalid hex digit in '{Shorten(text)}'");
            value = (value << 4) | n;
        }
        return value;
    }

    public static ulong DecodeQuantityUInt64(string text, string field = "quantity")
    {
        var value = DecodeQuantity(text, field);
        if (value > ulong.MaxValue)
            throw new FormatException($"{field}: {text} does not fit in 64 bits");
        return (ulong)value;
    }

    private static int Nibble(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    internal static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
