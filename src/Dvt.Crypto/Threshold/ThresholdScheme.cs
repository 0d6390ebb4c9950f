namespace Dvt.Crypto.Threshold;

/// <summary>t-of-n with n = 3f+1 and t = 2f+1 (f &gt;= 1): any t shares sign, t-1 learn nothing.</summary>
public sealed record ThresholdScheme
{
    public ThresholdScheme(int threshold, int shareCount)
    {
        if (shareCount < 4 || shareCount > ShareIndex.Max || (shareCount - 1) % 3 != 0)
            throw new ArgumentOutOfRangeException(nameof(shareCount), shareCount, "n must be 3f+1 with f >= 1, at most 255");
        var f = (shareCount - 1) / 3;
        if (threshold != 2 * f + 1)
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"t must be 2f+1 = {2 * f + 1} for n = {shareCount}");
        Threshold = threshold;
        ShareCount = shareCount;
    }

    public int Threshold { get; }

    public int ShareCount { get; }

    public static ThresholdScheme For(ValidatorMode mode) => mode switch
    {
        ValidatorMode.ThreeOfFour => new ThresholdScheme(3, 4),
        ValidatorMode.FiveOfSeven => new ThresholdScheme(5, 7),
        ValidatorMode.SevenOfTen => new ThresholdScheme(7, 10),
        ValidatorMode.NineOfThirteen => new ThresholdScheme(9, 13),
        ValidatorMode.Solo => throw new ArgumentException("a solo validator has no threshold scheme", nameof(mode)),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown validator mode"),
    };

    public override string ToString() => $"{Threshold}-of-{ShareCount}";
}
