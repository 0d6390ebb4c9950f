using Dvt.Signer.Health;
using Prometheus;

namespace Dvt.Coordinator.SignerHosting;

/// <summary>The daemon's own Prometheus collectors, served on /metrics next to the signer's (same registry).</summary>
public sealed class CoordinatorMetrics
{
    public CoordinatorMetrics(CollectorRegistry registry, IHealthChecks dependencies)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        ConfirmedBlock = factory.CreateGauge("dvt_coordinator_confirmed_block", "The confirmed block the last pass acted at.");
        SigningValidators = factory.CreateGauge("dvt_coordinator_signing_validators", "Validators this coordinator signs for (share or full key).");
        Transactions = factory.CreateCounter("dvt_coordinator_transactions_total", "Registry transactions mined, by step.", "step");
        Refusals = factory.CreateCounter("dvt_coordinator_refused_transactions_total", "Registry transactions refused (the chain had moved on), by step.", "step");
        StepFailures = factory.CreateCounter("dvt_coordinator_step_failures_total",
            "Steps that failed and will be retried: scope=pass (following the chain, reading the registry) or scope=validator (one validator's step).", "scope");
        // Both series exist from the start, at 0, so a dashboard's increase() sees the first failure.
        StepFailures.WithLabels(PassScope);
        StepFailures.WithLabels(ValidatorScope);
        LastPass = factory.CreateGauge("dvt_coordinator_last_pass_timestamp_seconds", "Unix time at which the last pass over the chain completed.");
        DependencyUp = factory.CreateGauge("dvt_coordinator_dependency_up",
            "1 if the dependency answered its last probe (rpc-node: eth_blockNumber; beacon-node: /eth/v1/node/version), else 0.", "dependency");
        // The probes run in the background; their latest results are copied in whenever /metrics is read.
        registry.AddBeforeCollectCallback(() =>
        {
            foreach (var check in dependencies.Current())
                DependencyUp.WithLabels(check.Id).Set(check.Up ? 1 : 0);
        });
        Rulings = factory.CreateCounter("dvt_coordinator_complaint_rulings_total", "Complaints judged, by who was at fault.", "fault");
    }

    public Gauge ConfirmedBlock { get; }

    public Gauge SigningValidators { get; }

    public Counter Transactions { get; }

    public Counter Refusals { get; }

    public Counter StepFailures { get; }

    public Counter Rulings { get; }

    public Gauge LastPass { get; }

    public Gauge DependencyUp { get; }

    /// <summary>Label values of <see cref="StepFailures"/>.</summary>
    public const string PassScope = "pass", ValidatorScope = "validator";
}
