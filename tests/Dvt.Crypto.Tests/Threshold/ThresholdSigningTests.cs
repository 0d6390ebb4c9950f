using System.Text;
using Dvt.Crypto.Bls;
using Dvt.Crypto.KeyRounds;
using Dvt.Crypto.Threshold;

namespace Dvt.Crypto.Tests.Threshold;

public sealed class ThresholdSigningTests
{
    private static readonly byte[] Message = Encoding.ASCII.GetBytes("deposit message root, say");

    public static TheoryData<ValidatorMode> Modes => new()
    {
        ValidatorMode.ThreeOfFour, ValidatorMode.FiveOfSeven, ValidatorMode.SevenOfTen, ValidatorMode.NineOfThirteen,
    };

    private sealed record Split(BlsSecretKey Key, SecretShare[] Shares, PartialSignature[] Partials, ThresholdScheme Scheme);

    private static Split MakeSplit(ValidatorMode mode)
    {
        var scheme = ThresholdScheme.For(mode);
        var key = BlsSecretKey.Generate();
        using var polynomial = new SecretPolynomial(key.ToScalar(), scheme.Threshold);
        var shares = Enumerable.Range(1, scheme.ShareCount)
            .Select(i => new SecretShare(new ShareIndex(i), BlsSecretKey.FromScalar(polynomial.Evaluate(i))))
            .ToArray();
        return new Split(key, shares, shares.Select(s => s.Sign(Message)).ToArray(), scheme);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Every_t_subset_yields_the_full_keys_signature(ValidatorMode mode)
    {
        var split = MakeSplit(mode);
        var expected = split.Key.Sign(Message);
        var count = 0;
        foreach (var subset in Subsets.Of(split.Partials, split.Scheme.Threshold))
        {
            Assert.Equal(expected, ThresholdSigning.Combine(subset, split.Scheme.Threshold));
            count++;
        }
        Assert.Equal(Binomial(split.Scheme.ShareCount, split.Scheme.Threshold), count);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void No_t_minus_1_subset_yields_a_valid_signature(ValidatorMode mode)
    {
        var split = MakeSplit(mode);
        var t = split.Scheme.Threshold;
        foreach (var subset in Subsets.Of(split.Partials, t - 1))
        {
            Assert.Throws<ThresholdSignatureException>(() => ThresholdSigning.Combine(subset, t));
            // Interpolating as if t-1 were enough gives a point that is not the signature.
            var forced = ThresholdSigning.Combine(subset, t - 1);
            Assert.False(split.Key.PublicKey.Verify(Message, forced));
        }
    }

    [Fact]
    public void Integer_lagrange_coefficients_equal_the_field_coefficients()
    {
        int[][] cases = [[1, 2, 3], [1, 2, 4], [2, 3, 4], [4, 1, 3], [1, 2, 3, 4, 5], [13, 2, 7, 4, 5, 11, 1, 9, 3]];
        foreach (var values in cases)
        {
            var indices = values.Select(v => new ShareIndex(v)).ToList();
            Assert.True(Lagrange.TryIntegerCoefficientsAtZero(indices, out var numerators, out var denominator));
            var field = Lagrange.CoefficientsAtZero(indices);
            var inverse = Scalar.FromInteger(denominator).Inverse();
            for (var i = 0; i < values.Length; i++)
                Assert.Equal(field[i], Scalar.FromInteger(numerators[i]) * inverse);
        }
        Assert.True(Lagrange.TryIntegerCoefficientsAtZero([new(1), new(2), new(3)], out var small, out var one));
        Assert.Equal([3L, -3L, 1L], small);
        Assert.True(one.IsOne);
        // Thirteen indices near the top of the range: the numerators outgrow 64 bits, and the field path is taken.
        Assert.False(Lagrange.TryIntegerCoefficientsAtZero(Enumerable.Range(240, 13).Select(v => new ShareIndex(v)).ToList(), out _, out _));
    }

    [Fact]
    public void Shares_at_large_indices_combine_to_the_keys_signature_through_the_field_path()
    {
        using var key = BlsSecretKey.Generate();
        using var polynomial = new SecretPolynomial(key.ToScalar(), 13);
        var partials = Enumerable.Range(240, 13)
            .Select(i => new SecretShare(new ShareIndex(i), BlsSecretKey.FromScalar(polynomial.Evaluate(i))).Sign(Message))
            .ToList();
        Assert.Equal(key.Sign(Message), ThresholdSigning.Combine(partials, 13));
    }

    [Fact]
    public void Fewer_than_t_partials_is_refused_with_the_indices_given()
    {
        var split = MakeSplit(ValidatorMode.FiveOfSeven);
        var e = Assert.Throws<ThresholdSignatureException>(() => ThresholdSigning.Combine(split.Partials[..4], 5));
        Assert.Equal(ThresholdFailure.TooFewShares, e.Failure);
        Assert.Contains("need 5", e.Message);
        Assert.Contains("share #4", e.Message);
    }

    [Fact]
    public void Duplicate_index_is_refused_and_named()
    {
        var split = MakeSplit(ValidatorMode.ThreeOfFour);
        var e = Assert.Throws<ThresholdSignatureException>(() => ThresholdSigning.Combine([split.Partials[0], split.Partials[2], split.Partials[2]], 3));
        Assert.Equal(ThresholdFailure.DuplicateIndex, e.Failure);
        Assert.Equal(new ShareIndex(3), e.Index);
    }

    [Fact]
    public void A_bad_partial_is_found_and_named_and_good_ones_combine_verified()
    {
        var split = MakeSplit(ValidatorMode.FiveOfSeven);
        var publicShares = split.Shares.Select(s => s.PublicShare).ToList();
        var good = ThresholdSigning.CombineVerified(split.Partials, publicShares, 5, split.Key.PublicKey, Message);
        Assert.Equal(split.Key.Sign(Message), good);

        var forged = split.Partials.ToArray();
        forged[3] = forged[3] with { Signature = split.Shares[3].Key.Sign(Encoding.ASCII.GetBytes("something else")) };
        Assert.False(ThresholdSigning.VerifyPartial(forged[3], publicShares[3], Message));
        Assert.True(ThresholdSigning.VerifyPartial(forged[2], publicShares[2], Message));
        var e = Assert.Throws<ThresholdSignatureException>(() => ThresholdSigning.CombineVerified(forged, publicShares, 5, split.Key.PublicKey, Message));
        Assert.Equal(ThresholdFailure.InvalidPartial, e.Failure);
        Assert.Equal(new ShareIndex(4), e.Index);
        Assert.Contains("share #4", e.Message);
    }

    [Fact]
    public void Lagrange_coefficients_recover_the_constant()
    {
        var secret = Scalar.Random();
        using var polynomial = new SecretPolynomial(secret, 3);
        var indices = new[] { 2, 5, 9 }.Select(i => new ShareIndex(i)).ToList();
        var lambdas = Lagrange.CoefficientsAtZero(indices);
        var sum = Scalar.Zero;
        for (var i = 0; i < 3; i++)
            sum += lambdas[i] * polynomial.Evaluate(indices[i].Value);
        Assert.Equal(secret, sum);
    }

    [Fact]
    public void Wire_enum_values_are_pinned()
    {
        Assert.Equal(0, (byte)ValidatorMode.Solo);
        Assert.Equal(1, (byte)ValidatorMode.ThreeOfFour);
        Assert.Equal(2, (byte)ValidatorMode.FiveOfSeven);
        Assert.Equal(3, (byte)ValidatorMode.SevenOfTen);
        Assert.Equal(4, (byte)ValidatorMode.NineOfThirteen);
        Assert.Equal(1, (byte)RoundKind.Split);
        Assert.Equal(2, (byte)RoundKind.Dkg);
        Assert.Equal(3, (byte)RoundKind.Reshare);
        Assert.Equal((9, 13), (ThresholdScheme.For(ValidatorMode.NineOfThirteen).Threshold, ThresholdScheme.For(ValidatorMode.NineOfThirteen).ShareCount));
        Assert.Throws<ArgumentException>(() => ThresholdScheme.For(ValidatorMode.Solo));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThresholdScheme(4, 4));
    }

    private static int Binomial(int n, int k) => k == 0 ? 1 : Binomial(n - 1, k - 1) * n / k;
}
