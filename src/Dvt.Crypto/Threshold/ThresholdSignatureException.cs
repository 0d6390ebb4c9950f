namespace Dvt.Crypto.Threshold;

public enum ThresholdFailure
{
    TooFewShares,
    DuplicateIndex,
    InvalidPartial,
    UnknownShare,
    CombinedSignatureInvalid,
}

/// <summary>Combining partial signatures failed; <see cref="Index"/> names the offending share when there is one.</summary>
public sealed class ThresholdSignatureException : Exception
{
    public ThresholdSignatureException(ThresholdFailure failure, ShareIndex? index, string message)
        : base($"threshold signature: {message}")
    {
        Failure = failure;
        Index = index;
    }

    public ThresholdFailure Failure { get; }

    public ShareIndex? Index { get; }
}
