using Dvt.Consensus.Primitives;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Directory;

namespace Dvt.Signer.Signing;

/// <summary>
/// The combine stage: t partials interpolated at zero, and the result verified against the validator key before
/// anything is served. The partials need not be verified: a wrong one, or public shares that do not belong to the key,
/// make the result fail here rather than at the beacon chain (PartialExchange then checks the partials one by one).
/// </summary>
public sealed class VerifiedThresholdCombiner(BatchingSignatureVerifier verifier) : IPartialCombiner
{
    public async Task<BlsSignature> CombineAsync(ValidatorSigningSet set, Root signingRoot, IReadOnlyList<PartialSignature> partials)
    {
        ArgumentNullException.ThrowIfNull(set);
        var threshold = set.Scheme?.Threshold ?? throw new ArgumentException("a solo validator has no threshold scheme", nameof(set));
        var combined = ThresholdSigning.Combine(partials, threshold);
        // Checked with the other signatures this holder combines at the same moment (a slot's attestations), in one batch.
        if (!await verifier.VerifyAsync(set.PublicKey, signingRoot.ToArray(), combined).ConfigureAwait(false))
        {
            throw new ThresholdSignatureException(ThresholdFailure.CombinedSignatureInvalid, null,
                $"{threshold} partials combine to a signature that does not verify against validator {set.ValidatorId}'s key: its public shares do not belong to that key");
        }
        return combined;
    }
}
