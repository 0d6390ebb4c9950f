using Dvt.Consensus.Primitives;
using Dvt.Crypto.Bls;

namespace Dvt.Signer.Signing;

/// <summary>
/// Signing roots hashed to G2 lately, so that the partials of many validators over one root (a slot's attestations
/// all sign the same data since Electra) pay hash_to_G2, half the cost of a signature, once. Bounded
/// (<see cref="BoundedMemo{TKey, TValue}"/>): a slot's few distinct roots (attestation data, aggregates, a block) never
/// approach the capacity.
/// </summary>
public sealed class HashedRoots(int capacity = 4096)
{
    private readonly BoundedMemo<Root, HashedMessage> _hashed = new(capacity);

    public HashedMessage Of(Root root) => _hashed.GetOrCompute(root, static r => HashedMessage.Of(r.AsSpan()));
}
