using Dvt.Consensus.Primitives;
using Dvt.Signer.Directory;
using Dvt.Signer.Peer;
using Dvt.Signer.Signing;
using Prometheus;

namespace Dvt.Signer.Observability;

/// <summary>
/// The signer's Prometheus metrics, in a registry of its own (so several signers in one process, as in the
/// tests, keep separate counts). The coordinator may add its own collectors to <see cref="Registry"/>.
/// </summary>
public sealed class SignerMetrics
{
    public SignerMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        Requests = factory.CreateCounter("dvt_signer_requests_total",
            "Web3Signer sign requests by type and outcome (approved, denied, failed) and the reason for the outcome.",
            new CounterConfiguration { LabelNames = ["type", "outcome", "reason"] });
        Latency = factory.CreateHistogram("dvt_signer_sign_duration_seconds",
            "Time to an approved signature, by request type and path (threshold, recovery, solo).",
            new HistogramConfiguration
            {
                LabelNames = ["type", "path"],
                Buckets = Histogram.ExponentialBuckets(0.0005, 2, 14),
            });
        PartialFailures = factory.CreateCounter("dvt_signer_partial_failures_total",
            "Partial signatures that did not count, by holder (operator id, share index) and reason.",
            new CounterConfiguration { LabelNames = ["operator", "share_index", "reason"] });
        RecoveryKeyUses = factory.CreateCounter("dvt_signer_recovery_key_uses_total",
            "Signatures made with the owner's full recovery key because fewer than t partials arrived.",
            new CounterConfiguration { LabelNames = ["type"] });
        SlashingRefusals = factory.CreateCounter("dvt_signer_slashing_refusals_total",
            "Signatures this signer's slashing protection refused, by type and key (partial share or full key).",
            new CounterConfiguration { LabelNames = ["type", "key"] });
        LifecycleRefusals = factory.CreateCounter("dvt_signer_lifecycle_refusals_total",
            "Lifecycle messages (deposit, exit, builder registration) this signer refused because the registry's state does not allow them, by type and rule.",
            new CounterConfiguration { LabelNames = ["type", "rule"] });
        PeerRequests = factory.CreateCounter("dvt_signer_peer_requests_total",
            "Partial-signature requests this holder answered, by outcome.",
            new CounterConfiguration { LabelNames = ["outcome"] });
        Duties = factory.CreateCounter("dvt_signer_duties_total",
            "Duties a validator client asked this signer for, by type and result: signed, missed (no signature: no quorum, no key, error) or refused (slashing protection).",
            new CounterConfiguration { LabelNames = ["type", "result"] });
        PeerLatency = factory.CreateHistogram("dvt_signer_peer_latency_seconds",
            "Time from asking a holder for its partial signature to its partial (verified when combined), by holder operator id.",
            new HistogramConfiguration { LabelNames = ["operator"], Buckets = Histogram.ExponentialBuckets(0.0005, 2, 14) });
        PeerBatchItems = factory.CreateHistogram("dvt_signer_peer_batch_items",
            "Partials pushed in one partial-signature batch request, by holder operator id (the count is the requests sent).",
            new HistogramConfiguration { LabelNames = ["operator"], Buckets = Histogram.ExponentialBuckets(1, 2, 10) });
        PeerUp = factory.CreateGauge("dvt_signer_peer_up",
            "1 if the holder's last answer to this signer was sound (a partial under its share index, or a slashing refusal), 0 if not (timeout, unreachable, a partial under another index, error).",
            new GaugeConfiguration { LabelNames = ["operator"] });
        PartialsSent = factory.CreateCounter("dvt_signer_partials_sent_total",
            "This holder's partial signatures put on the wire, by recipient operator id (in its pushes and in its answers); at most one per recipient and signing root.",
            new CounterConfiguration { LabelNames = ["operator"] });
        PeerLastAnswer = factory.CreateGauge("dvt_signer_peer_last_answer_timestamp_seconds",
            "Unix time of the holder's last answer to this signer, good or not (its age tells how fresh dvt_signer_peer_up is).",
            new GaugeConfiguration { LabelNames = ["operator"] });
    }

    public CollectorRegistry Registry { get; }

    public Counter Requests { get; }

    public Histogram Latency { get; }

    public Counter PartialFailures { get; }

    public Counter RecoveryKeyUses { get; }

    public Counter SlashingRefusals { get; }

    public Counter PeerRequests { get; }

    public Counter LifecycleRefusals { get; }

    public Counter Duties { get; }

    public Histogram PeerLatency { get; }

    public Histogram PeerBatchItems { get; }

    public Gauge PeerUp { get; }

    public Gauge PeerLastAnswer { get; }

    public Counter PartialsSent { get; }

    public void CountPartialSent(OperatorId recipient)
        => PartialsSent.WithLabels(recipient.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();

    /// <summary>Counts one duty's result (<see cref="DutyResult"/>) and, for a signature, nothing else: latency is <see cref="Latency"/>.</summary>
    public void CountDuty(string type, DutyResult result) => Duties.WithLabels(type, result switch
    {
        DutyResult.Signed => "signed",
        DutyResult.Missed => "missed",
        DutyResult.Refused => "refused",
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, "not a duty result"),
    }).Inc();

    /// <summary>
    /// Records one holder's answer to a partial-signature request: its health (a slashing refusal is a sound answer
    /// from a working holder), and for a partial received, its latency.
    /// </summary>
    public void RecordPeerAnswer(OperatorId holder, HolderReply reply, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var label = holder.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sound = reply is HolderReply.PartialReceived or HolderReply.AlreadyPushed or HolderReply.Failure { Reason: PartialFailureReason.Refused };
        PeerUp.WithLabels(label).Set(sound ? 1 : 0);
        PeerLastAnswer.WithLabels(label).SetToCurrentTimeUtc();
        if (reply is HolderReply.PartialReceived)
            PeerLatency.WithLabels(label).Observe(elapsed.TotalSeconds);
    }

    public static string PathLabel(SigningPath path) => path switch
    {
        SigningPath.Threshold => "threshold",
        SigningPath.Recovery => "recovery",
        SigningPath.Solo => "solo",
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, "not a signing path"),
    };
}
