using Dvt.Crypto.Bls;

namespace Dvt.Crypto.KeyRounds;

/// <summary>
/// f(x) = a_0 + a_1 x + ... + a_{t-1} x^{t-1} over Fr with a given constant and random other
/// coefficients. Disposing clears the coefficients.
/// </summary>
public sealed class SecretPolynomial : IDisposable
{
    private readonly Scalar[] _coefficients;

    public SecretPolynomial(Scalar constant, int threshold)
    {
        if (threshold < 1)
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must be at least 1");
        _coefficients = new Scalar[threshold];
        _coefficients[0] = constant;
        for (var k = 1; k < threshold; k++)
            _coefficients[k] = Scalar.Random();
    }

    public int Threshold => _coefficients.Length;

    public Scalar Constant => _coefficients[0];

    /// <summary>f(x) by Horner's rule.</summary>
    public Scalar Evaluate(int x)
    {
        var xs = Scalar.FromUInt64((ulong)x);
        var acc = _coefficients[^1];
        for (var k = _coefficients.Length - 2; k >= 0; k--)
            acc = acc * xs + _coefficients[k];
        return acc;
    }

    public FeldmanCommitment Commit() => FeldmanCommitment.Create(_coefficients);

    public void Dispose() => Array.Clear(_coefficients);

    public override string ToString() => $"SecretPolynomial(degree {Threshold - 1}, redacted)";
}
