using Dvt.Consensus.Primitives;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Directory;

namespace Dvt.Signer.Signing;

/// <summary>
/// The combine stage: t partials (each already verified against its holder's public share) interpolated at zero, and
/// the result verified against the validator key before anything is served, so public shares that do not belong to
/// the key are caught here rather than by the beacon chain.
/// </summary>
public sealed class VerifiedThresholdCombiner : IPartialCombiner
{
    public static readonly VerifiedThresholdCombiner Instance = new();

    private VerifiedThresholdCombiner()
    {
    }

    public BlsSignature Combine(ValidatorSigningSet set, Root signingRoot, IReadOnlyList<PartialSignature> verifiedPartials)
    {
        ArgumentNullException.ThrowIfNull(set);
        var threshold = set.Scheme?.Threshold ?? throw new ArgumentException("a solo validator has no threshold scheme", nameof(set));
        var combined = ThresholdSigning.Combine(verifiedPartials, threshold);
        if (!set.PublicKey.Verify(signingRoot.AsSpan(), combined))
        {
            throw new ThresholdSignatureException(ThresholdFailure.CombinedSignatureInvalid, null,
                $"{threshold} verified partials combine to a signature that does not verify against validator {set.ValidatorId}'s key: its public shares do not belong to that key");
        }
        return combined;
    }
}
