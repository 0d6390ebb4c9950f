using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Dvt.Crypto.Keystores.Unicode;

namespace Dvt.Crypto.Keystores;

/// <summary>
/// EIP-2335 password processing: NFKD normalisation, then the C0 (U+0000-U+001F), DEL (U+007F) and C1
/// (U+0080-U+009F) control codes removed, then UTF-8. So a password typed with composed or compatibility
/// characters opens the keystore on any machine, and a stray newline read from a file does not count.
/// NFKD comes from an embedded Unicode table, not string.Normalize, which does nothing under InvariantGlobalization.
/// </summary>
public static class KeystorePassword
{
    public static SecretBytes Process(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return Process(password.AsSpan());
    }

    /// <summary>For a password the caller holds in a buffer it can zero (a string cannot be).</summary>
    public static SecretBytes Process(ReadOnlySpan<char> password)
    {
        var count = Nfkd.Decompose(password, out var codePoints);
        try
        {
            var length = 0;
            foreach (var codePoint in codePoints.AsSpan(0, count))
            {
                if (!IsStrippedControl(codePoint))
                    length += new Rune(codePoint).Utf8SequenceLength;
            }
            var processed = new SecretBytes(length);
            var destination = processed.Writable;
            foreach (var codePoint in codePoints.AsSpan(0, count))
            {
                if (!IsStrippedControl(codePoint))
                    destination = destination[new Rune(codePoint).EncodeToUtf8(destination)..];
            }
            return processed;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(codePoints.AsSpan()));
        }
    }

    private static bool IsStrippedControl(int codePoint) => codePoint <= 0x1F || codePoint is >= 0x7F and <= 0x9F;
}
