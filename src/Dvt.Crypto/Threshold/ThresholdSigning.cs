using Dvt.Crypto.Bls;

namespace Dvt.Crypto.Threshold;

/// <summary>
/// Threshold BLS: check partial signatures, interpolate t of them in the exponent
/// (sigma = sum lambda_i sigma_i: for small share indices with integer numerators over one common denominator, else
/// one Pippenger multi-scalar multiplication in G2), and check the result.
/// </summary>
public static class ThresholdSigning
{
    public static bool VerifyPartial(PartialSignature partial, PublicShare publicShare, ReadOnlySpan<byte> message)
    {
        if (partial.Index != publicShare.Index)
            throw new ArgumentException($"partial is for {partial.Index} but the public share is {publicShare.Index}");
        return publicShare.PublicKey.Verify(message, partial.Signature);
    }

    /// <summary>
    /// Interpolates the first <paramref name="threshold"/> partials, unchecked. Refuses fewer than t
    /// partials and duplicate indices. The result is only right if every partial used was.
    /// </summary>
    public static BlsSignature Combine(IReadOnlyList<PartialSignature> partials, int threshold)
    {
        if (threshold < 1)
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must be at least 1");
        if (partials.Count < threshold)
            throw new ThresholdSignatureException(ThresholdFailure.TooFewShares, null,
                $"need {threshold} partial signatures, got {partials.Count} ({string.Join(", ", partials.Select(p => p.Index))})");
        var used = partials.Take(threshold).ToList();
        var indices = used.Select(p => p.Index).ToList();
        var points = used.Select(p => p.Signature.Point).ToList();
        if (Lagrange.TryIntegerCoefficientsAtZero(indices, out var numerators, out var denominator))
        {
            // Small indices: integer numerators (a few bits each) and at most one full multiplication.
            var sum = G2Point.SumOfSmallMultiples(points, numerators);
            return BlsSignature.FromPoint(denominator.IsOne ? sum : sum.Multiply(Scalar.FromInteger(denominator).Inverse()));
        }
        var lambdas = Lagrange.CoefficientsAtZero(indices);
        return BlsSignature.FromPoint(G2Point.MultiScalarMultiply(points, lambdas));
    }

    /// <summary>
    /// Combines the first t partials and verifies the result against the validator key. The optimistic
    /// path costs one verification; only when the result fails is each used partial checked against its
    /// public share, and the exception names the first bad one.
    /// </summary>
    public static BlsSignature CombineVerified(
        IReadOnlyList<PartialSignature> partials,
        IReadOnlyList<PublicShare> publicShares,
        int threshold,
        BlsPublicKey validatorKey,
        ReadOnlySpan<byte> message)
    {
        var combined = Combine(partials, threshold);
        if (validatorKey.Verify(message, combined))
            return combined;
        foreach (var partial in partials.Take(threshold))
        {
            var share = publicShares.FirstOrDefault(s => s.Index == partial.Index)
                ?? throw new ThresholdSignatureException(ThresholdFailure.UnknownShare, partial.Index, $"no public share known for {partial.Index}");
            if (!share.PublicKey.Verify(message, partial.Signature))
                throw new ThresholdSignatureException(ThresholdFailure.InvalidPartial, partial.Index,
                    $"the partial signature of {partial.Index} does not verify against its public share {share.PublicKey}");
        }
        throw new ThresholdSignatureException(ThresholdFailure.CombinedSignatureInvalid, null,
            "every partial verifies but the combination does not verify against the validator key: the public shares do not belong to this key");
    }
}
