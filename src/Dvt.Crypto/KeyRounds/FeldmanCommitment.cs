using System.Numerics;
using Dvt.Crypto.Bls;

namespace Dvt.Crypto.KeyRounds;

/// <summary>
/// Feldman commitments C_k = g1^{a_k} to a polynomial f of degree t-1: anyone can compute
/// g1^{f(x)} = sum_k C_k * x^k and so check a share, derive a public share, or read the
/// committed constant C_0. Wire form: t compressed G1 points, 48 bytes each, k = 0..t-1.
/// </summary>
public sealed class FeldmanCommitment
{
    private readonly G1Point[] _coefficients;

    public FeldmanCommitment(IReadOnlyList<G1Point> coefficients)
    {
        if (coefficients.Count == 0)
            throw new ArgumentException("a commitment has at least one coefficient", nameof(coefficients));
        _coefficients = coefficients.ToArray();
    }

    public IReadOnlyList<G1Point> Coefficients => _coefficients;

    public int Threshold => _coefficients.Length;

    /// <summary>C_0 = g1^{f(0)}.</summary>
    public G1Point Constant => _coefficients[0];

    /// <summary>Commits to secret coefficients a_0..a_{t-1}.</summary>
    public static FeldmanCommitment Create(ReadOnlySpan<Scalar> coefficients)
    {
        var points = new G1Point[coefficients.Length];
        for (var k = 0; k < coefficients.Length; k++)
            points[k] = G1Point.MultiplyGenerator(coefficients[k]);
        return new FeldmanCommitment(points);
    }

    public byte[] Encode()
    {
        var output = new byte[G1Point.CompressedLength * Threshold];
        for (var k = 0; k < Threshold; k++)
            _coefficients[k].Bytes.CopyTo(output.AsSpan(k * G1Point.CompressedLength));
        return output;
    }

    /// <summary>Parses exactly <paramref name="threshold"/> points, each decoded with the subgroup check.</summary>
    public static FeldmanCommitment Parse(ReadOnlySpan<byte> bytes, int threshold)
    {
        if (threshold < 1)
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must be at least 1");
        if (bytes.Length != G1Point.CompressedLength * threshold)
            throw new MalformedMessageException("commitments", $"expected {threshold} x {G1Point.CompressedLength} = {threshold * G1Point.CompressedLength} bytes, got {bytes.Length}");
        var points = new G1Point[threshold];
        for (var k = 0; k < threshold; k++)
        {
            try
            {
                points[k] = G1Point.Decode(bytes.Slice(k * G1Point.CompressedLength, G1Point.CompressedLength));
            }
            catch (BlsEncodingException e)
            {
                throw new MalformedMessageException($"commitments[{k}]", e.Message, e);
            }
        }
        return new FeldmanCommitment(points);
    }

    /// <summary>g1^{f(x)} = sum_k C_k * x^k, one multi-scalar multiplication with the small scalars x^k.</summary>
    public G1Point Evaluate(int x)
    {
        if (x is < 0 or > 255)
            throw new ArgumentOutOfRangeException(nameof(x), x, "x is a share index 0..255");
        if (x == 0)
            return Constant;
        var powers = new Scalar[Threshold];
        var power = BigInteger.One;
        for (var k = 0; k < Threshold; k++)
        {
            powers[k] = Scalar.FromInteger(power);
            if (k < Threshold - 1)
                power *= x;
        }
        var bits = (int)Math.Max(1, power.GetBitLength());
        return G1Point.MultiScalarMultiply(_coefficients, powers, bits);
    }

    /// <summary>True when g1^share equals the committed value at x.</summary>
    public bool VerifyShare(int x, Scalar share) => G1Point.MultiplyGenerator(share).Equals(Evaluate(x));

    /// <summary>
    /// sum_i w_i * commitment_i coefficient by coefficient: the commitment to sum_i w_i f_i
    /// (weights 1 for a DKG, Lagrange coefficients for a reshare).
    /// </summary>
    public static FeldmanCommitment WeightedSum(IReadOnlyList<FeldmanCommitment> commitments, IReadOnlyList<Scalar> weights)
    {
        if (commitments.Count == 0 || commitments.Count != weights.Count)
            throw new ArgumentException($"{commitments.Count} commitments but {weights.Count} weights");
        var t = commitments[0].Threshold;
        if (commitments.Any(c => c.Threshold != t))
            throw new ArgumentException("commitments of different degrees cannot be combined");
        if (commitments.Count == 1 && weights[0] == Scalar.One)
            return commitments[0];
        var allOnes = weights.All(w => w == Scalar.One);
        var result = new G1Point[t];
        for (var k = 0; k < t; k++)
        {
            var column = commitments.Select(c => c._coefficients[k]).ToList();
            result[k] = allOnes ? G1Point.Sum(column) : G1Point.MultiScalarMultiply(column, weights);
        }
        return new FeldmanCommitment(result);
    }
}
