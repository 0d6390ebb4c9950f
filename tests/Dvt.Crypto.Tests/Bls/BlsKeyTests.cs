using Dvt.Consensus.Primitives;
using System.Numerics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Native;

namespace Dvt.Crypto.Tests.Bls;

public sealed class BlsKeyTests
{
    private static readonly byte[] Message = Encoding.ASCII.GetBytes("dvt test message");

    [Fact]
    public unsafe void Struct_layouts_match_the_loaded_blst()
    {
        Assert.Equal((int)Blst.blst_p1_sizeof(), sizeof(BlstP1));
        Assert.Equal((int)Blst.blst_p1_affine_sizeof(), sizeof(BlstP1Affine));
        Assert.Equal((int)Blst.blst_p2_sizeof(), sizeof(BlstP2));
        Assert.Equal((int)Blst.blst_p2_affine_sizeof(), sizeof(BlstP2Affine));
        Assert.Equal(32, sizeof(BlstScalar));
        Assert.Equal(32, sizeof(BlstFr));
    }

    [Fact]
    public void Resolver_loads_the_projects_own_build_matching_the_cpu()
    {
        var expected = BlstLibraryResolver.CpuHasAdx() ? "libblst-adx.so" : "libblst-portable.so";
        Assert.Equal(expected, Path.GetFileName(BlstLibraryResolver.LibraryPath));
        Assert.StartsWith(Path.GetDirectoryName(typeof(BlsSecretKey).Assembly.Location)!, BlstLibraryResolver.LibraryPath);
        Assert.Equal(File.ReadAllText("/proc/cpuinfo").Split(' ', '\n', '\t').Contains("adx"), BlstLibraryResolver.CpuHasAdx());
        // After a call, the process has mapped exactly that file and no other blst.
        using (var key = BlsSecretKey.Generate())
            Assert.NotNull(key.PublicKey);
        var mapped = File.ReadAllLines("/proc/self/maps").Where(l => l.Contains("blst", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf('/'))..]).Distinct().ToList();
        Assert.Equal([BlstLibraryResolver.LibraryPath], mapped);
    }

    [Fact]
    public void Sign_then_verify_and_reject_other_message_and_other_key()
    {
        using var key = BlsSecretKey.Generate();
        using var other = BlsSecretKey.Generate();
        var sig = key.Sign(Message);
        Assert.True(key.PublicKey.Verify(Message, sig));
        Assert.False(key.PublicKey.Verify(Encoding.ASCII.GetBytes("another"), sig));
        Assert.False(other.PublicKey.Verify(Message, sig));
    }

    [Fact]
    public void Secret_key_round_trips_big_endian_and_refuses_zero_and_r()
    {
        var be = Convert.FromHexString("47b8192d77bf871b62e87859d653922725724a5c031afeabc60bcef5ff665138");
        using var key = BlsSecretKey.FromBigEndian(be);
        var back = new byte[32];
        key.WriteBigEndian(back);
        Assert.Equal(be, back);

        Assert.Equal(BlsEncodingFailure.ZeroScalar, Assert.Throws<BlsEncodingException>(() => BlsSecretKey.FromBigEndian(new byte[32])).Failure);
        var r = Scalar.Modulus.ToByteArray(isUnsigned: true, isBigEndian: true);
        Assert.Equal(BlsEncodingFailure.NotCanonicalScalar, Assert.Throws<BlsEncodingException>(() => BlsSecretKey.FromBigEndian(r)).Failure);
        Assert.Equal(BlsEncodingFailure.WrongLength, Assert.Throws<BlsEncodingException>(() => BlsSecretKey.FromBigEndian(new byte[31])).Failure);
    }

    [Fact]
    public void From_integer_reduces_mod_r_and_matches_big_endian()
    {
        // Interop-style key: int_le(sha256(uint256_le(0))) mod r.
        var hash = SHA256.HashData(new byte[32]);
        var value = new BigInteger(hash, isUnsigned: true, isBigEndian: false);
        using var a = BlsSecretKey.FromInteger(value);
        using var b = BlsSecretKey.FromInteger(value + Scalar.Modulus * 3);
        var expected = (value % Scalar.Modulus).ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[32];
        expected.CopyTo(padded, 32 - expected.Length);
        using var c = BlsSecretKey.FromBigEndian(padded);
        Assert.Equal(c.PublicKey, a.PublicKey);
        Assert.Equal(c.PublicKey, b.PublicKey);
        Assert.Throws<BlsEncodingException>(() => BlsSecretKey.FromInteger(Scalar.Modulus));
    }

    [Fact]
    public void Secret_key_never_prints_and_is_zeroed_on_dispose()
    {
        var key = BlsSecretKey.FromBigEndian(Convert.FromHexString("47b8192d77bf871b62e87859d653922725724a5c031afeabc60bcef5ff665138"));
        Assert.DoesNotContain("47b8", key.ToString(), StringComparison.OrdinalIgnoreCase);
        var buffer = (byte[])typeof(BlsSecretKey).GetField("_scalar", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(key)!;
        Assert.Contains(buffer, b => b != 0);
        key.Dispose();
        Assert.All(buffer, b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => key.Sign(Message));
    }

    [Fact]
    public void Public_key_refuses_infinity_but_the_g1_point_decodes()
    {
        var infinity = new byte[48];
        infinity[0] = 0xc0;
        Assert.True(G1Point.TryDecode(infinity, out var point) && point!.IsIdentity);
        var e = Assert.Throws<BlsEncodingException>(() => BlsPublicKey.Decode(infinity));
        Assert.Equal(BlsEncodingFailure.Infinity, e.Failure);
    }

    [Fact]
    public void Bytes_wrappers_check_length_and_round_trip()
    {
        using var key = BlsSecretKey.Generate();
        var bytes = key.PublicKey.Bytes;
        Assert.Equal(key.PublicKey, BlsPublicKey.Decode(bytes));
        Assert.Equal(bytes, BlsPublicKeyBytes.Parse(bytes.ToHex()));
        Assert.Throws<ArgumentException>(() => new BlsPublicKeyBytes(new byte[47]));
        Assert.Throws<ArgumentException>(() => new BlsSignatureBytes(new byte[95]));
        var sig = key.Sign(Message);
        Assert.Equal(sig, BlsSignature.Decode(sig.Bytes));
    }

    /// <summary>Good sets: each a fresh key's signature of its own message.</summary>
    private static List<BlsSignatureSet> SignedSets(int count)
    {
        var sets = new List<BlsSignatureSet>(count);
        for (var i = 0; i < count; i++)
        {
            using var key = BlsSecretKey.Generate();
            var msg = Encoding.ASCII.GetBytes($"message {i}");
            sets.Add(new BlsSignatureSet(key.PublicKey, msg, key.Sign(msg)));
        }
        return sets;
    }

    [Fact]
    public void Batch_of_64_passes_and_one_swapped_signature_fails_it()
    {
        var sets = SignedSets(64);
        Assert.True(BlsAggregation.BatchVerify(sets));
        // Swap two signatures: each set is now wrong, though the plain sum of signatures is unchanged.
        var swapped = sets.ToList();
        swapped[3] = sets[3] with { Signature = sets[4].Signature };
        swapped[4] = sets[4] with { Signature = sets[3].Signature };
        Assert.False(BlsAggregation.BatchVerify(swapped));
        Assert.False(BlsAggregation.BatchVerify([]));
    }

    [Fact]
    public void Verify_each_names_exactly_the_bad_sets_of_a_batch()
    {
        var sets = SignedSets(16);
        Assert.All(BlsAggregation.VerifyEach(sets), Assert.True);
        var bad = sets.ToList();
        bad[3] = sets[3] with { Signature = sets[4].Signature };
        bad[4] = sets[4] with { Signature = sets[3].Signature };
        bad[9] = sets[9] with { Message = Encoding.ASCII.GetBytes("another message") };
        Assert.Equal(Enumerable.Range(0, 16).Select(i => i is not (3 or 4 or 9)), BlsAggregation.VerifyEach(bad));
        Assert.Equal([false], BlsAggregation.VerifyEach([bad[9]]));
        Assert.Empty(BlsAggregation.VerifyEach([]));
    }

    /// <summary>Sets over one message (a slot's attestations of many validators), each with its own key.</summary>
    private static List<BlsSignatureSet> SetsOverOneMessage(int count, byte[] message)
    {
        var sets = new List<BlsSignatureSet>(count);
        for (var i = 0; i < count; i++)
        {
            using var key = BlsSecretKey.Generate();
            // A fresh buffer per set: grouping must compare contents, not buffers.
            var copy = (byte[])message.Clone();
            sets.Add(new BlsSignatureSet(key.PublicKey, copy, key.Sign(copy)));
        }
        return sets;
    }

    [Fact]
    public void Batch_of_sets_sharing_a_message_passes_and_each_forgery_fails_it()
    {
        var root = Encoding.ASCII.GetBytes("one attestation root");
        var sets = SetsOverOneMessage(40, root);
        sets.AddRange(SignedSets(5)); // sets of their own message beside them
        sets.AddRange(SetsOverOneMessage(3, Encoding.ASCII.GetBytes("a second shared root")));
        Assert.True(BlsAggregation.BatchVerify(sets));

        // Two signatures over the shared root swapped: the plain sums of keys and of signatures are unchanged.
        var swapped = sets.ToList();
        swapped[7] = sets[7] with { Signature = sets[8].Signature };
        swapped[8] = sets[8] with { Signature = sets[7].Signature };
        Assert.False(BlsAggregation.BatchVerify(swapped));

        // A difference moved from one signature to another of the same message: sum unchanged, each wrong.
        var shift = G2Point.Generator.Multiply(Scalar.FromUInt64(7));
        var unshift = G2Point.Generator.Multiply(Scalar.FromInteger(-7));
        var shifted = sets.ToList();
        shifted[1] = sets[1] with { Signature = BlsSignature.FromPoint(sets[1].Signature.Point.Add(shift)) };
        shifted[2] = sets[2] with { Signature = BlsSignature.FromPoint(sets[2].Signature.Point.Add(unshift)) };
        Assert.False(BlsAggregation.BatchVerify(shifted));

        // One set over the shared root signed by a key not its own; one set's message changed to the other shared root.
        var wrongKey = sets.ToList();
        wrongKey[20] = sets[20] with { PublicKey = sets[21].PublicKey };
        Assert.False(BlsAggregation.BatchVerify(wrongKey));
        var wrongMessage = sets.ToList();
        wrongMessage[30] = sets[30] with { Message = Encoding.ASCII.GetBytes("a second shared root") };
        Assert.False(BlsAggregation.BatchVerify(wrongMessage));
        Assert.Equal(Enumerable.Range(0, sets.Count).Select(i => i != 30), BlsAggregation.VerifyEach(wrongMessage));
    }

    [Fact]
    public void Signing_a_hashed_message_gives_the_signature_of_the_message()
    {
        using var key = BlsSecretKey.Generate();
        var message = Encoding.ASCII.GetBytes("signing root");
        var hashed = HashedMessage.Of(message);
        Assert.Equal(key.Sign(message), key.Sign(hashed));
        Assert.True(key.PublicKey.Verify(message, key.Sign(hashed)));
        Assert.NotEqual(key.Sign(message), key.Sign(HashedMessage.Of(Encoding.ASCII.GetBytes("another root"))));
    }

    [Fact]
    public void Uncompressed_signature_round_trips_and_is_checked_as_the_compressed_form_is()
    {
        using var key = BlsSecretKey.Generate();
        var signature = key.Sign(Encoding.ASCII.GetBytes("partial of a slot"));
        var uncompressed = signature.ToUncompressed();
        Assert.Equal(G2Point.UncompressedLength, uncompressed.Length);
        Assert.Equal(signature, BlsSignature.DecodeUncompressed(uncompressed));

        Assert.Equal(BlsEncodingFailure.WrongLength, Assert.Throws<BlsEncodingException>(() => BlsSignature.DecodeUncompressed(signature.ToBytes())).Failure);
        var flagged = (byte[])uncompressed.Clone();
        flagged[0] |= 0x80;
        Assert.Equal(BlsEncodingFailure.BadEncoding, Assert.Throws<BlsEncodingException>(() => BlsSignature.DecodeUncompressed(flagged)).Failure);
        var offCurve = (byte[])uncompressed.Clone();
        offCurve[^1] ^= 1;
        Assert.Equal(BlsEncodingFailure.NotOnCurve, Assert.Throws<BlsEncodingException>(() => BlsSignature.DecodeUncompressed(offCurve)).Failure);
        Assert.Equal(BlsEncodingFailure.NotInSubgroup, Assert.Throws<BlsEncodingException>(() => BlsSignature.DecodeUncompressed(OnCurveOutsideG2())).Failure);
    }

    /// <summary>The uncompressed encoding of a point of E'(Fp2) outside G2: the first x that decompresses (almost every point is outside).</summary>
    private static unsafe byte[] OnCurveOutsideG2()
    {
        for (var counter = 0; ; counter++)
        {
            var compressed = SHA256.HashData(BitConverter.GetBytes(counter)).Concat(SHA256.HashData(BitConverter.GetBytes(~counter))).Concat(new byte[32]).ToArray();
            compressed[0] = 0x80 | 0x01; // compressed flag; x.c1 below the modulus
            compressed[48] = 0x01; // x.c0 below the modulus
            BlstP2Affine point;
            fixed (byte* c = compressed)
            {
                if (Blst.blst_p2_uncompress(&point, c) != BlstError.Success || Blst.blst_p2_affine_in_g2(&point))
                    continue;
            }
            var uncompressed = new byte[G2Point.UncompressedLength];
            fixed (byte* u = uncompressed)
                Blst.blst_p2_affine_serialize(u, &point);
            return uncompressed;
        }
    }
}
