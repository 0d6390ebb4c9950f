namespace Dvt.Signer.Health;

/// <summary>One dependency's state as /healthcheck reports it: its id (e.g. "rpc-node"), up or not, and why not.</summary>
public sealed record HealthCheck(string Id, bool Up, string? Detail = null);
