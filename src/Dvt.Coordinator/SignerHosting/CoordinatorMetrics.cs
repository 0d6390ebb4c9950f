using Prometheus;

namespace Dvt.Coordinator.SignerHosting;

/// <summary>The daemon's own Prometheus collectors, served on /metrics next to the signer's (same registry).</summary>
public sealed class CoordinatorMetrics
{
    public CoordinatorMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        ConfirmedBlock = factory.CreateGauge("dvt_coordinator_confirmed_block", "The confirmed block the last pass acted at.");
        SigningValidators = factory.CreateGauge("dvt_coordinator_signing_validators", "Validators this coordinator signs for (share or full key).");
        Transactions = factory.CreateCounter("dvt_coordinator_transactions_total", "Registry transactions mined, by step.", "step");
        Refusals = factory.CreateCounter("dvt_coordinator_refused_transactions_total", "Registry transactions refused (the chain had moved on), by step.", "step");
        StepFailures = factory.CreateCounter("dvt_coordinator_step_failures_total", "Validator steps that failed and will be retried.");
        Rulings = factory.CreateCounter("dvt_coordinator_complaint_rulings_total", "Complaints judged, by who was at fault.", "fault");
    }

    public Gauge ConfirmedBlock { get; }

    public Gauge SigningValidators { get; }

    public Counter Transactions { get; }

    public Counter Refusals { get; }

    public Counter StepFailures { get; }

    public Counter Rulings { get; }
}
