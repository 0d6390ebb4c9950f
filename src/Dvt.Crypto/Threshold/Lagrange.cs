using Dvt.Crypto.Bls;

namespace Dvt.Crypto.Threshold;

/// <summary>Lagrange interpolation at x = 0 over Fr.</summary>
public static class Lagrange
{
    /// <summary>
    /// lambda_i = prod_{j != i} x_j / (x_j - x_i) for each index, in the given order, so that
    /// f(0) = sum lambda_i f(x_i) for any polynomial of degree &lt; count. Refuses duplicates.
    /// </summary>
    public static Scalar[] CoefficientsAtZero(IReadOnlyList<ShareIndex> indices)
    {
        ThrowOnDuplicate(indices);
        var xs = indices.Select(i => Scalar.FromUInt64((ulong)i.Value)).ToArray();
        var result = new Scalar[xs.Length];
        for (var i = 0; i < xs.Length; i++)
        {
            var numerator = Scalar.One;
            var denominator = Scalar.One;
            for (var j = 0; j < xs.Length; j++)
            {
                if (j == i)
                    continue;
                numerator *= xs[j];
                denominator *= xs[j] - xs[i];
            }
            result[i] = numerator * denominator.Inverse();
        }
        return result;
    }

    internal static void ThrowOnDuplicate(IReadOnlyList<ShareIndex> indices)
    {
        var seen = new HashSet<ShareIndex>();
        foreach (var index in indices)
        {
            if (!seen.Add(index))
                throw new ThresholdSignatureException(ThresholdFailure.DuplicateIndex, index, $"{index} appears more than once");
        }
    }
}
