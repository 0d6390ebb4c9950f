using System.Numerics;
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

    /// <summary>
    /// The same coefficients as integers over one common denominator: lambda_i = numerators[i] / denominator, with
    /// small share indices giving small integers (indices 1, 2, 3: 3, -3, 1 over 1). Interpolating with them costs a
    /// few doublings per partial instead of a full-width multiplication, and one multiplication by the denominator's
    /// inverse when it is not 1. False when a numerator does not fit in 64 bits (large indices), for the field path.
    /// </summary>
    public static bool TryIntegerCoefficientsAtZero(IReadOnlyList<ShareIndex> indices, out long[] numerators, out BigInteger denominator)
    {
        ThrowOnDuplicate(indices);
        var count = indices.Count;
        var tops = new BigInteger[count];
        var bottoms = new BigInteger[count];
        denominator = BigInteger.One;
        for (var i = 0; i < count; i++)
        {
            tops[i] = BigInteger.One;
            bottoms[i] = BigInteger.One;
            for (var j = 0; j < count; j++)
            {
                if (j == i)
                    continue;
                tops[i] *= indices[j].Value;
                bottoms[i] *= indices[j].Value - indices[i].Value;
            }
            var magnitude = BigInteger.Abs(bottoms[i]);
            denominator = denominator / BigInteger.GreatestCommonDivisor(denominator, magnitude) * magnitude;
        }
        var exact = new BigInteger[count];
        var common = denominator;
        for (var i = 0; i < count; i++)
        {
            exact[i] = tops[i] * (denominator / bottoms[i]); // exact: bottoms[i] divides the denominator; carries its sign
            common = BigInteger.GreatestCommonDivisor(common, exact[i]);
        }
        // In lowest terms (indices 1, 2, 3 give 6, -6, 2 over 2 before, 3, -3, 1 over 1 after): often no division is left.
        denominator /= common;
        numerators = new long[count];
        for (var i = 0; i < count; i++)
        {
            var numerator = exact[i] / common;
            if (BigInteger.Abs(numerator) > long.MaxValue)
            {
                numerators = [];
                return false;
            }
            numerators[i] = (long)numerator;
        }
        return true;
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
