namespace Dvt.ContractBindings.Rpc;

/// <summary>Timeouts and retry policy. Retries apply to transient transport failures only, never to JSON-RPC errors.</summary>
public sealed record RpcClientOptions
{
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts after the first one.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First backoff; doubled per attempt, with jitter.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);
}
