namespace Dvt.Signer.Health;

/// <summary>The host's own dependencies (its RPC node, its beacon node), added to /healthcheck beside the signer's.</summary>
public interface IHealthChecks
{
    /// <summary>The latest state of each dependency; must not block (the host measures in the background).</summary>
    IReadOnlyList<HealthCheck> Current();
}
