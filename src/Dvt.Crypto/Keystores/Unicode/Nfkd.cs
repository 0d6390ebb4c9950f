using System.Security.Cryptography;
using System.Text;

namespace Dvt.Crypto.Keystores.Unicode;

/// <summary>
/// Unicode NFKD (compatibility decomposition, then canonical ordering) from an embedded table, so passwords
/// normalise the same whether or not the process runs with InvariantGlobalization (where string.Normalize is a no-op).
/// </summary>
internal static class Nfkd
{
    private const int HangulBase = 0xAC00;
    private const int HangulCount = 11172;
    private const int LeadBase = 0x1100;
    private const int VowelBase = 0x1161;
    private const int TrailBase = 0x11A7;
    private const int VowelCount = 21;
    private const int TrailCount = 28;

    /// <summary>
    /// The NFKD code points of <paramref name="text"/> into a pinned buffer the caller zeroes; returns how many.
    /// Refuses unpaired surrogates (they have no UTF-8 form).
    /// </summary>
    public static int Decompose(ReadOnlySpan<char> text, out int[] codePoints)
    {
        // Each UTF-16 unit yields at most 18 code points (the longest compatibility decomposition).
        codePoints = GC.AllocateArray<int>(Math.Max(1, text.Length * 18), pinned: true);
        var count = 0;
        var index = 0;
        while (index < text.Length)
        {
            if (Rune.DecodeFromUtf16(text[index..], out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
                throw new ArgumentException($"the password has an unpaired surrogate at position {index}", nameof(text));
            index += consumed;
            count = Append(rune.Value, codePoints, count);
        }
        ReorderCanonically(codePoints.AsSpan(0, count));
        return count;
    }

    /// <summary>NFKD of <paramref name="text"/> as a string (for callers whose input is not secret).</summary>
    public static string Normalize(string text)
    {
        var count = Decompose(text, out var codePoints);
        try
        {
            var builder = new StringBuilder(count);
            foreach (var codePoint in codePoints.AsSpan(0, count))
                builder.Append(new Rune(codePoint).ToString());
            return builder.ToString();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(codePoints.AsSpan()));
        }
    }

    private static int Append(int codePoint, int[] output, int count)
    {
        var syllable = codePoint - HangulBase;
        if (syllable is >= 0 and < HangulCount)
        {
            output[count++] = LeadBase + syllable / (VowelCount * TrailCount);
            output[count++] = VowelBase + syllable % (VowelCount * TrailCount) / TrailCount;
            if (syllable % TrailCount != 0)
                output[count++] = TrailBase + syllable % TrailCount;
            return count;
        }
        var parts = NfkdTable.Decomposition(codePoint);
        if (parts is null)
        {
            output[count++] = codePoint;
            return count;
        }
        parts.CopyTo(output, count);
        return count + parts.Length;
    }

    /// <summary>Canonical ordering: within each run of non-starters, a stable sort by combining class.</summary>
    private static void ReorderCanonically(Span<int> codePoints)
    {
        for (var i = 1; i < codePoints.Length; i++)
        {
            var current = codePoints[i];
            var ccc = NfkdTable.CombiningClass(current);
            if (ccc == 0)
                continue;
            var j = i;
            while (j > 0 && NfkdTable.CombiningClass(codePoints[j - 1]) > ccc)
            {
                codePoints[j] = codePoints[j - 1];
                j--;
            }
            codePoints[j] = current;
        }
    }
}
