namespace Dvt.Signer.Observability;

/// <summary>The pinned metric label of each <see cref="PartialFailureReason"/>.</summary>
public static class PartialFailureReasonLabels
{
    public static string Label(this PartialFailureReason reason) => reason switch
    {
        PartialFailureReason.Timeout => "timeout",
        PartialFailureReason.Refused => "refused",
        PartialFailureReason.BadPartial => "bad-partial",
        PartialFailureReason.Unreachable => "unreachable",
        PartialFailureReason.Error => "error",
        PartialFailureReason.Forbidden => "forbidden",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "not a partial failure reason"),
    };
}
