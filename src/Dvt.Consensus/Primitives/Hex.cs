using System.Numerics;

namespace Dvt.Consensus.Primitives;

/// <summary>
/// Hex text, defined once for every project. Encoding is "0x" + lowercase digits. Decoding is strict, and every
/// refusal names the field and the problem:
/// <list type="bullet">
/// <item>data (JSON-RPC, ABI): "0x" + an even number of digits (<see cref="DecodeData"/>), or the prefix optional
/// for user input (<see cref="DecodeLenient(string, string)"/>);</item>
/// <item>fixed-length values: the prefix optional, as deposit files and keystores omit it (<see cref="DecodeLenient(string, int, string)"/>),
/// or required, as the beacon, Web3Signer, peer and EIP-3076 formats have it (<see cref="DecodeFixed(string?, int, out string?)"/>);</item>
/// <item>JSON-RPC quantities: "0x" + the shortest digits (no leading zero except "0x0").</item>
/// </list>
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

    /// <summary>Exactly <paramref name="length"/> bytes, the "0x" prefix optional; the field named as "{field} must be ..." on error.</summary>
    public static byte[] DecodeLenient(string text, int length, string field)
    {
        ArgumentNullException.ThrowIfNull(text);
        var digits = text.AsSpan();
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            digits = digits[2..];
        if (digits.Length != 2 * length)
            throw new FormatException($"{field} must be {length} bytes ({2 * length} hex digits), got {digits.Length} hex digits");
        var bytes = new byte[length];
        if (Convert.FromHexString(digits, bytes, out _, out _) != System.Buffers.OperationStatus.Done)
            throw new FormatException($"{field} is not valid hex: '{ShortenTo24(text)}'");
        return bytes;
    }

    /// <summary>"0x" followed by exactly 2 * <paramref name="length"/> hex digits; null with the problem otherwise.</summary>
    public static byte[]? DecodeFixed(string? text, int length, out string? problem)
    {
        if (text is null || !text.StartsWith("0x", StringComparison.Ordinal))
        {
            problem = $"expected a 0x-prefixed hex string of {length} bytes, got \"{ShortenTo24(text ?? "null")}\"";
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
            problem = $"expected hex digits, got \"{ShortenTo24(text)}\"";
            return null;
        }
        problem = null;
        return bytes;
    }

    /// <summary>"0x" followed by exactly 2 * <paramref name="length"/> hex digits; the field and the problem named on error.</summary>
    public static byte[] DecodeFixed(string text, int length, string field)
        => DecodeFixed(text, length, out var problem) ?? throw new FormatException($"{field}: {problem}");

    /// <summary>"0x" followed by exactly 2 * <paramref name="length"/> hex digits; false for anything else.</summary>
    public static bool TryDecodeFixed(string? text, int length, out byte[] bytes)
    {
        var decoded = DecodeFixed(text, length, out _);
        bytes = decoded ?? [];
        return decoded is not null;
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

    /// <summary>The text as an error message quotes it: at most 80 characters.</summary>
    public static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    private static string ShortenTo24(string text) => text.Length <= 24 ? text : text[..24] + "...";
}
