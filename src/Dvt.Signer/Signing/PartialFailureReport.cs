using System.Globalization;
using Dvt.Signer.Directory;
using Dvt.Signer.Observability;
using Dvt.Signer.Peer;
using Microsoft.Extensions.Logging;

namespace Dvt.Signer.Signing;

/// <summary>
/// Where a holder's failure to give a usable partial is told: <c>dvt_signer_partial_failures_total</c> by operator,
/// share index and reason, and one log line naming the holder (a warning for a bad partial or an error, since those
/// point at a faulty or misconfigured holder; information for refusals and timeouts, which are part of normal life).
/// </summary>
public sealed class PartialFailureReport(SignerMetrics metrics, ILogger logger)
{
    public void Report(ValidatorSigningSet set, HolderReply.Failure failure)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(failure);
        var holder = failure.Holder;
        metrics.PartialFailures.WithLabels(holder.Operator.Value.ToString(CultureInfo.InvariantCulture),
            holder.PublicShare.Index.Value.ToString(CultureInfo.InvariantCulture), failure.Reason.Label()).Inc();
        var level = failure.Reason is PartialFailureReason.BadPartial or PartialFailureReason.Error ? LogLevel.Warning : LogLevel.Information;
        logger.Log(level, "Partial signature from {Operator} ({ShareIndex}) for validator {ValidatorId} did not count ({Reason}): {Detail}",
            holder.Operator, holder.PublicShare.Index, set.ValidatorId, failure.Reason.Label(), failure.Detail);
    }
}
