using Dvt.Crypto.Keystores.Unicode;

namespace Dvt.Crypto.Tests.Keystores;

/// <summary>The embedded NFKD against decompositions stated in the Unicode standard.</summary>
public sealed class NfkdTests
{
    [Theory]
    [InlineData("abc", "abc")]
    [InlineData("\u00E9", "e\u0301")]                       // canonical decomposition
    [InlineData("\uFB01", "fi")]                            // compatibility ligature
    [InlineData("\u2460", "1")]                             // circled digit
    [InlineData("\u00BD", "1\u20442")]                      // vulgar fraction one half
    [InlineData("\U0001D531", "t")]                         // mathematical fraktur small t (outside the BMP)
    [InlineData("\U0001F511", "\U0001F511")]                // emoji: no decomposition
    [InlineData("\uD55C", "\u1112\u1161\u11AB")]            // Hangul syllable with a trailing consonant
    [InlineData("\uAC00", "\u1100\u1161")]                  // Hangul syllable without one
    [InlineData("\u1E69", "s\u0323\u0307")]                 // s with dot below and dot above: below (220) first
    [InlineData("a\u0307\u0323", "a\u0323\u0307")]          // canonical reordering of marks by combining class
    [InlineData("\u01C4", "DZ\u030C")]                     // capital DZ with caron: compatibility, then canonical
    public void Known_decompositions(string input, string expected)
    {
        Assert.Equal(Codes(expected), Codes(Nfkd.Normalize(input)));
    }

    [Fact]
    public void Unpaired_surrogate_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Nfkd.Normalize("ab\uD800c"));
        Assert.Contains("unpaired surrogate at position 2", e.Message);
    }

    [Fact]
    public void Table_matches_its_recorded_size()
    {
        Assert.NotNull(NfkdTable.Decomposition(0x00E9));
        Assert.Null(NfkdTable.Decomposition('a'));
        Assert.Equal(230, NfkdTable.CombiningClass(0x0301));
        Assert.Equal(220, NfkdTable.CombiningClass(0x0323));
        Assert.Equal(0, NfkdTable.CombiningClass('a'));
    }

    private static string Codes(string text) =>
        string.Join(' ', text.EnumerateRunes().Select(r => r.Value.ToString("X4", System.Globalization.CultureInfo.InvariantCulture)));
}
