namespace Dvt.ContractBindings.Rpc;

/// <summary>
/// The node could not be reached or did not answer JSON-RPC (down, refused, timed out, closed, garbage).
/// Names the endpoint and the method. <see cref="IsTransient"/> tells the client whether a retry can help.
/// </summary>
public class RpcTransportException(Uri endpoint, string method, string problem, bool isTransient, Exception? inner = null)
    : Exception($"JSON-RPC {method} at {endpoint}: {problem}", inner)
{
    public Uri Endpoint { get; } = endpoint;

    public string Method { get; } = method;

    public bool IsTransient { get; } = isTransient;
}

/// <summary>No answer within the configured timeout.</summary>
public sealed class RpcTimeoutException(Uri endpoint, string method, TimeSpan timeout)
    : RpcTransportException(endpoint, method, $"no answer within {timeout.TotalSeconds:0.###} s", isTransient: true);
