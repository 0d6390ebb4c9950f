using System.Text;
using Dvt.Consensus.Primitives;
using Dvt.Crypto.Bls;
using Dvt.TestSupport;

namespace Dvt.Crypto.Tests.Bls;

/// <summary>The Ethereum BLS signature vectors, one test result per file, per handler folder.</summary>
public sealed class BlsVectorTests
{
    public static IEnumerable<object[]> SignCases() => TestVectors.Cases("bls/sign");
    public static IEnumerable<object[]> VerifyCases() => TestVectors.Cases("bls/verify");
    public static IEnumerable<object[]> AggregateCases() => TestVectors.Cases("bls/aggregate");
    public static IEnumerable<object[]> FastAggregateVerifyCases() => TestVectors.Cases("bls/fast_aggregate_verify");
    public static IEnumerable<object[]> AggregateVerifyCases() => TestVectors.Cases("bls/aggregate_verify");
    public static IEnumerable<object[]> BatchVerifyCases() => TestVectors.Cases("bls/batch_verify");
    public static IEnumerable<object[]> DeserializationG1Cases() => TestVectors.Cases("bls/deserialization_G1");
    public static IEnumerable<object[]> DeserializationG2Cases() => TestVectors.Cases("bls/deserialization_G2");
    public static IEnumerable<object[]> HashToG2Cases() => TestVectors.Cases("bls/hash_to_G2");

    [SkippableTheory]
    [MemberData(nameof(SignCases))]
    public void Sign(string file)
    {
        var c = VectorJson.Read<SignCase>(TestVectors.Resolve("bls/sign", file));
        var message = Hex.DecodeLenient(c.Input.Message, "message");
        string? actual;
        try
        {
            using var key = BlsSecretKey.FromBigEndian(Hex.DecodeLenient(c.Input.Privkey, 32, "privkey"));
            var signature = key.Sign(message);
            Assert.True(key.PublicKey.Verify(message, signature), "own signature must verify");
            actual = signature.ToString();
        }
        catch (BlsEncodingException)
        {
            actual = null;
        }
        Assert.Equal(c.Output, actual);
    }

    [SkippableTheory]
    [MemberData(nameof(VerifyCases))]
    public void Verify(string file)
    {
        var c = VectorJson.Read<VerifyCase>(TestVectors.Resolve("bls/verify", file));
        var actual = BlsPublicKey.TryDecode(Hex.DecodeLenient(c.Input.Pubkey, "pubkey"), out var pk)
            && BlsSignature.TryDecode(Hex.DecodeLenient(c.Input.Signature, "signature"), out var sig)
            && pk!.Verify(Hex.DecodeLenient(c.Input.Message, "message"), sig!);
        Assert.Equal(c.Output, actual);
    }

    [SkippableTheory]
    [MemberData(nameof(AggregateCases))]
    public void Aggregate(string file)
    {
        var c = VectorJson.Read<AggregateCase>(TestVectors.Resolve("bls/aggregate", file));
        string? actual;
        try
        {
            var signatures = c.Input.Select(s => BlsSignature.Decode(Hex.DecodeLenient(s, "signature"))).ToList();
            actual = BlsAggregation.AggregateSignatures(signatures).ToString();
        }
        catch (Exception e) when (e is BlsEncodingException or ArgumentException)
        {
            actual = null;
        }
        Assert.Equal(c.Output, actual);
    }

    [SkippableTheory]
    [MemberData(nameof(FastAggregateVerifyCases))]
    public void FastAggregateVerify(string file)
    {
        var c = VectorJson.Read<FastAggregateVerifyCase>(TestVectors.Resolve("bls/fast_aggregate_verify", file));
        var keys = DecodeAll(c.Input.Pubkeys);
        var actual = keys is not null
            && BlsSignature.TryDecode(Hex.DecodeLenient(c.Input.Signature, "signature"), out var sig)
            && BlsAggregation.FastAggregateVerify(keys, Hex.DecodeLenient(c.Input.Message, "message"), sig!);
        Assert.Equal(c.Output, actual);
    }

    [SkippableTheory]
    [MemberData(nameof(AggregateVerifyCases))]
    public void AggregateVerify(string file)
    {
        var c = VectorJson.Read<AggregateVerifyCase>(TestVectors.Resolve("bls/aggregate_verify", file));
        var keys = DecodeAll(c.Input.Pubkeys);
        var messages = c.Input.Messages.Select(m => (ReadOnlyMemory<byte>)Hex.DecodeLenient(m, "message")).ToList();
        var actual = keys is not null
            && BlsSignature.TryDecode(Hex.DecodeLenient(c.Input.Signature, "signature"), out var sig)
            && BlsAggregation.AggregateVerify(keys, messages, sig!);
        Assert.Equal(c.Output, actual);
    }

    [SkippableTheory]
    [MemberData(nameof(BatchVerifyCases))]
    public void BatchVerify(string file)
    {
        var c = VectorJson.Read<BatchVerifyCase>(TestVectors.Resolve("bls/batch_verify", file));
        Assert.Equal(c.Input.Pubkeys.Length, c.Input.Messages.Length);
        Assert.Equal(c.Input.Pubkeys.Length, c.Input.Signatures.Length);
        var sets = new List<BlsSignatureSet>();
        var decoded = true;
        for (var i = 0; i < c.Input.Pubkeys.Length && decoded; i++)
        {
            decoded = BlsPublicKey.TryDecode(Hex.DecodeLenient(c.Input.Pubkeys[i], "pubkey"), out var pk)
                & BlsSignature.TryDecode(Hex.DecodeLenient(c.Input.Signatures[i], "signature"), out var sig);
            if (decoded)
                sets.Add(new BlsSignatureSet(pk!, Hex.DecodeLenient(c.Input.Messages[i], "message"), sig!));
        }
        var actual = decoded && BlsAggregation.BatchVerify(sets);
        Assert.Equal(c.Output, actual);
    }

    [SkippableTheory]
    [MemberData(nameof(DeserializationG1Cases))]
    public void DeserializationG1(string file)
    {
        var c = VectorJson.Read<DeserializationG1Case>(TestVectors.Resolve("bls/deserialization_G1", file));
        var actual = G1Point.TryDecode(Hex.DecodeLenient(c.Input.Pubkey, "pubkey"), out _);
        Assert.Equal(c.Output, actual);
    }

    [SkippableTheory]
    [MemberData(nameof(DeserializationG2Cases))]
    public void DeserializationG2(string file)
    {
        var c = VectorJson.Read<DeserializationG2Case>(TestVectors.Resolve("bls/deserialization_G2", file));
        var actual = G2Point.TryDecode(Hex.DecodeLenient(c.Input.Signature, "signature"), out _);
        Assert.Equal(c.Output, actual);
    }

    [SkippableTheory]
    [MemberData(nameof(HashToG2Cases))]
    public void HashToG2(string file)
    {
        var c = VectorJson.Read<HashToG2Case>(TestVectors.Resolve("bls/hash_to_G2", file));
        const string quuxDst = "QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_";
        var point = G2Point.HashToCurve(Encoding.ASCII.GetBytes(c.Input.Msg), Encoding.ASCII.GetBytes(quuxDst));
        Assert.Equal(ExpectedUncompressed(c.Output), Convert.ToHexStringLower(point.ToUncompressed()));
    }

    // The vectors give each Fp2 coordinate as "c0,c1"; the uncompressed encoding puts c1 first.
    private static string ExpectedUncompressed(HashToG2Output output)
    {
        static string Fp2(string value, string field)
        {
            var parts = value.Split(',');
            Assert.True(parts.Length == 2, $"{field} must be 'c0,c1'");
            var c0 = Hex.DecodeLenient(parts[0], 48, field + ".c0");
            var c1 = Hex.DecodeLenient(parts[1], 48, field + ".c1");
            return Convert.ToHexStringLower(c1) + Convert.ToHexStringLower(c0);
        }
        return Fp2(output.X, "x") + Fp2(output.Y, "y");
    }

    private static List<BlsPublicKey>? DecodeAll(string[] pubkeys)
    {
        var keys = new List<BlsPublicKey>();
        foreach (var hex in pubkeys)
        {
            if (!BlsPublicKey.TryDecode(Hex.DecodeLenient(hex, "pubkey"), out var key))
                return null;
            keys.Add(key!);
        }
        return keys;
    }
}
