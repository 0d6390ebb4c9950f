using System.Collections.Concurrent;

namespace Dvt.Signer.Tests.Cluster;

/// <summary>
/// Fault injection on one asker's outgoing peer requests: requests to the chosen peer endpoints are dropped,
/// either at once as a connection failure (<see cref="PartitionMode.Unreachable"/>) or by never answering until
/// the caller's deadline (<see cref="PartitionMode.Blackhole"/>). Everything else goes to the real network.
/// </summary>
public sealed class PartitionFaultHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ConcurrentDictionary<string, PartitionMode> _cut = new();

    public void Cut(Uri peerEndpoint, PartitionMode mode) => _cut[peerEndpoint.Authority] = mode;

    public void Heal(Uri peerEndpoint) => _cut.TryRemove(peerEndpoint.Authority, out _);

    public void HealAll() => _cut.Clear();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && _cut.TryGetValue(uri.Authority, out var mode))
        {
            if (mode == PartitionMode.Blackhole)
                await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new HttpRequestException($"partitioned: {uri.Authority} is unreachable from this asker");
        }
        return await base.SendAsync(request, cancellationToken);
    }
}
