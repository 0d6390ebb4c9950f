using Dvt.Signer.Observability;
using Dvt.Signer.Signing;

namespace Dvt.Signer.Tests;

/// <summary>Dashboards and alerts match on these label values: they may not drift.</summary>
public sealed class MetricLabelTests
{
    [Theory]
    [InlineData(PartialFailureReason.Timeout, 1, "timeout")]
    [InlineData(PartialFailureReason.Refused, 2, "refused")]
    [InlineData(PartialFailureReason.BadPartial, 3, "bad-partial")]
    [InlineData(PartialFailureReason.Unreachable, 4, "unreachable")]
    [InlineData(PartialFailureReason.Error, 5, "error")]
    public void Partial_failure_reasons_are_pinned(PartialFailureReason reason, int value, string label)
    {
        Assert.Equal(value, (int)reason);
        Assert.Equal(label, reason.Label());
    }

    [Theory]
    [InlineData(SigningPath.Threshold, 1, "threshold")]
    [InlineData(SigningPath.Recovery, 2, "recovery")]
    [InlineData(SigningPath.Solo, 3, "solo")]
    public void Signing_paths_are_pinned(SigningPath path, int value, string label)
    {
        Assert.Equal(value, (int)path);
        Assert.Equal(label, SignerMetrics.PathLabel(path));
    }
}
