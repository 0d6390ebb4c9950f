using System.Collections.Concurrent;
using Dvt.Consensus.Primitives;
using Dvt.Crypto.Bls;

namespace Dvt.Signer.Signing;

/// <summary>
/// Signing roots hashed to G2 lately, so that the partials of many validators over one root (a slot's attestations
/// all sign the same data since Electra) pay hash_to_G2, half the cost of a signature, once. Concurrent askers of a
/// new root may each hash it (the result is the same); the map is emptied when it reaches its capacity, which a slot's
/// few distinct roots (attestation data, aggregates, a block) never approach.
/// </summary>
public sealed class HashedRoots(int capacity = 4096)
{
    private readonly ConcurrentDictionary<Root, HashedMessage> _hashed = new();

    public HashedMessage Of(Root root)
    {
        if (_hashed.TryGetValue(root, out var known))
            return known;
        var hashed = HashedMessage.Of(root.AsSpan());
        if (_hashed.Count >= capacity)
            _hashed.Clear();
        _hashed.TryAdd(root, hashed);
        return hashed;
    }
}
