using Dvt.Consensus.Primitives;
using System.Collections.Concurrent;
using Dvt.Signer.Directory;

namespace Dvt.Signer.Tests.Cluster;

/// <summary>An in-memory operator registry, filled once the hosts know their loopback ports.</summary>
public sealed class StaticOperatorDirectory : IOperatorDirectory
{
    private readonly ConcurrentDictionary<ulong, OperatorPeer> _operators = new();

    public void Set(OperatorPeer peer) => _operators[peer.Id.Value] = peer;

    public OperatorPeer? Find(OperatorId id) => _operators.TryGetValue(id.Value, out var peer) ? peer : null;
}
