using Dvt.Consensus.Primitives;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;

namespace Dvt.Signer.Directory;

/// <summary>
/// Everything a signer needs to know about one validator key, derived from chain state: who owns it, whether it
/// is solo or distributed, and (when distributed) the t-of-n scheme and the holders with their public shares.
/// </summary>
/// <param name="ValidatorId">The registry's validator id.</param>
/// <param name="PublicKey">The validator's BLS public key (the group key of its last completed round).</param>
/// <param name="Owner">The operator that requested the validator and holds its recovery key.</param>
/// <param name="Scheme">t-of-n for a distributed validator; null for a solo one (signed with the owner's full key).</param>
/// <param name="Holders">The n holders in share-index order; empty for a solo validator.</param>
public sealed record ValidatorSigningSet(
    ulong ValidatorId,
    BlsPublicKey PublicKey,
    OperatorId Owner,
    ThresholdScheme? Scheme,
    IReadOnlyList<ShareHolder> Holders)
{
    public bool IsSolo => Scheme is null;
}
