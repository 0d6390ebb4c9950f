using System.Numerics;
using Dvt.Crypto.Bls;

namespace Dvt.Crypto.Tests.Bls;

public sealed class ScalarAndPointTests
{
    [Fact]
    public void Scalar_arithmetic_matches_big_integers_mod_r()
    {
        var r = Scalar.Modulus;
        var rng = new Random(7);
        for (var i = 0; i < 50; i++)
        {
            var bytes = new byte[40];
            rng.NextBytes(bytes);
            var a = new BigInteger(bytes, isUnsigned: true) % r;
            rng.NextBytes(bytes);
            var b = new BigInteger(bytes, isUnsigned: true) % r;
            var sa = Scalar.FromInteger(a);
            var sb = Scalar.FromInteger(b);
            Assert.Equal((a + b) % r, (sa + sb).ToBigInteger());
            Assert.Equal(((a - b) % r + r) % r, (sa - sb).ToBigInteger());
            Assert.Equal(a * b % r, (sa * sb).ToBigInteger());
            if (!sb.IsZero)
                Assert.Equal(Scalar.One, sb * sb.Inverse());
        }
        Assert.Throws<DivideByZeroException>(() => Scalar.Zero.Inverse());
        Assert.Throws<ArgumentException>(() => Scalar.FromBigEndian(r.ToByteArray(isUnsigned: true, isBigEndian: true)));
        Assert.Equal(r - 1, Scalar.FromBigEndian((r - 1).ToByteArray(isUnsigned: true, isBigEndian: true)).ToBigInteger());
        Assert.Equal("Scalar(redacted)", Scalar.FromUInt64(42).ToString());
    }

    [Fact]
    public void Multi_scalar_multiplication_equals_the_naive_sum_in_both_groups()
    {
        var scalars = Enumerable.Range(0, 7).Select(_ => Scalar.Random()).ToList();
        var g1 = scalars.Select(s => G1Point.MultiplyGenerator(s * Scalar.FromUInt64(3))).ToList();
        var g2 = scalars.Select(s => G2Point.HashToCurve(s.ToBigEndian(), "test"u8)).ToList();
        var naive1 = G1Point.Identity;
        var naive2 = G2Point.Identity;
        for (var i = 0; i < scalars.Count; i++)
        {
            naive1 = naive1.Add(g1[i].Multiply(scalars[i]));
            naive2 = naive2.Add(g2[i].Multiply(scalars[i]));
        }
        Assert.Equal(naive1, G1Point.MultiScalarMultiply(g1, scalars));
        Assert.Equal(naive2, G2Point.MultiScalarMultiply(g2, scalars));
        Assert.Equal(G1Point.Identity, G1Point.MultiScalarMultiply([], []));
        Assert.Throws<ArgumentException>(() => G1Point.MultiScalarMultiply(g1, scalars.Take(3).ToList()));
    }

    [Fact]
    public void Generator_multiplication_matches_point_multiplication()
    {
        var s = Scalar.Random();
        Assert.Equal(G1Point.Generator.Multiply(s), G1Point.MultiplyGenerator(s));
        using var key = BlsSecretKey.FromScalar(s);
        Assert.Equal(G1Point.MultiplyGenerator(s), key.PublicKey.Point);
    }

    [Fact]
    public void Aggregates_of_one_message_verify_with_fast_aggregate_verify()
    {
        var message = "attestation"u8.ToArray();
        var keys = Enumerable.Range(0, 5).Select(_ => BlsSecretKey.Generate()).ToList();
        var aggregate = BlsAggregation.AggregateSignatures(keys.Select(k => k.Sign(message)).ToList());
        var publicKeys = keys.Select(k => k.PublicKey).ToList();
        Assert.True(BlsAggregation.FastAggregateVerify(publicKeys, message, aggregate));
        Assert.True(BlsAggregation.AggregatePublicKeys(publicKeys).Verify(message, aggregate));
        Assert.False(BlsAggregation.FastAggregateVerify(publicKeys.Take(4).ToList(), message, aggregate));
        Assert.False(BlsAggregation.FastAggregateVerify([], message, aggregate));
        Assert.Throws<ArgumentException>(() => BlsAggregation.AggregateSignatures([]));
        foreach (var k in keys)
            k.Dispose();
    }
}
