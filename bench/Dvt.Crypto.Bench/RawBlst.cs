using System.Runtime.InteropServices;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Native;

namespace Dvt.Crypto.Bench;

/// <summary>
/// The floor: the same work done with plain blst calls on prepared native structs, no wrapper types,
/// no allocation. What the library adds on top is the ratio the bench prints.
/// </summary>
internal sealed unsafe class RawBlst : IDisposable
{
    private readonly BlstScalar* _sk;
    private readonly BlstP1Affine* _pk;
    private readonly BlstP2Affine* _sig;
    private readonly BlstP2* _sigJacobian;
    private readonly BlstScalar* _fullScalar;
    private readonly byte* _msg;
    private readonly byte* _compressedG1;
    private readonly int _msgLength;
    private readonly byte* _dst;
    private readonly nuint _dstLength;

    public RawBlst(byte[] secretBigEndian, byte[] message)
    {
        _sk = Alloc<BlstScalar>();
        _pk = Alloc<BlstP1Affine>();
        _sig = Alloc<BlstP2Affine>();
        _sigJacobian = Alloc<BlstP2>();
        _fullScalar = Alloc<BlstScalar>();
        _msg = (byte*)NativeMemory.Alloc((nuint)message.Length);
        _compressedG1 = (byte*)NativeMemory.Alloc(48);
        _msgLength = message.Length;
        message.CopyTo(new Span<byte>(_msg, message.Length));
        var dst = BlsCiphersuite.DstBytes;
        _dst = (byte*)NativeMemory.Alloc((nuint)dst.Length);
        dst.CopyTo(new Span<byte>(_dst, dst.Length));
        _dstLength = (nuint)dst.Length;
        fixed (byte* s = secretBigEndian)
            Blst.blst_scalar_from_bendian(_sk, s);
        BlstP1 pk;
        Blst.blst_sk_to_pk_in_g1(&pk, _sk);
        Blst.blst_p1_to_affine(_pk, &pk);
        Blst.blst_p1_compress(_compressedG1, &pk);
        Blst.blst_hash_to_g2(_sigJacobian, _msg, (nuint)_msgLength, _dst, _dstLength, null, 0);
        Blst.blst_sign_pk_in_g1(_sigJacobian, _sigJacobian, _sk);
        Blst.blst_p2_to_affine(_sig, _sigJacobian);
        // A full-width scalar (r - 1 would do; any 255-bit value costs the same).
        var wide = Scalar.FromInteger(Scalar.Modulus - 12345).ToBlstScalar();
        *_fullScalar = wide;
    }

    /// <summary>hash_to_G2 + sign + to_affine + compress.</summary>
    public void Sign()
    {
        BlstP2 h;
        BlstP2Affine a;
        var output = stackalloc byte[96];
        Blst.blst_hash_to_g2(&h, _msg, (nuint)_msgLength, _dst, _dstLength, null, 0);
        Blst.blst_sign_pk_in_g1(&h, &h, _sk);
        Blst.blst_p2_to_affine(&a, &h);
        Blst.blst_p2_affine_compress(output, &a);
    }

    public bool Verify() => Blst.blst_core_verify_pk_in_g1(_pk, _sig, true, _msg, (nuint)_msgLength, _dst, _dstLength, null, 0) == BlstError.Success;

    /// <summary>One full-width G2 scalar multiplication (what each Lagrange term costs without Pippenger).</summary>
    public void G2Multiply()
    {
        BlstP2 r;
        Blst.blst_p2_mult(&r, _sigJacobian, (byte*)_fullScalar, 255);
    }

    /// <summary>g1^s with a full-width s (a commitment, or g1^share in the Feldman check).</summary>
    public void G1GeneratorMultiply()
    {
        BlstP1 r;
        Blst.blst_sk_to_pk_in_g1(&r, _fullScalar);
    }

    /// <summary>Decompress a G1 point and check the subgroup (each commitment a receiver reads).</summary>
    public void G1DecodeChecked()
    {
        BlstP1Affine a;
        Blst.blst_p1_uncompress(&a, _compressedG1);
        Blst.blst_p1_affine_in_g1(&a);
    }

    /// <summary>sum_k C_k x^k over t points with small scalars (x &lt;= n): the committed value at an index.</summary>
    public void G1SmallMsm(int points, int x)
    {
        var affines = stackalloc BlstP1Affine[points];
        var scalars = stackalloc BlstScalar[points];
        var pointPtrs = stackalloc BlstP1Affine*[points];
        var scalarPtrs = stackalloc byte*[points];
        ulong power = 1;
        var bits = 1;
        for (var k = 0; k < points; k++)
        {
            affines[k] = *_pk;
            scalars[k] = default;
            *(ulong*)&scalars[k] = power;
            bits = Math.Max(bits, 64 - (int)ulong.LeadingZeroCount(power));
            power *= (ulong)x;
            pointPtrs[k] = affines + k;
            scalarPtrs[k] = (byte*)(scalars + k);
        }
        var scratch = stackalloc ulong[(int)(Blst.blst_p1s_mult_pippenger_scratch_sizeof((nuint)points) / 8) + 1];
        BlstP1 r;
        Blst.blst_p1s_mult_pippenger(&r, pointPtrs, (nuint)points, scalarPtrs, (nuint)bits, scratch);
    }

    /// <summary>The pairing-context batch check of <paramref name="count"/> copies of the prepared set, plain calls.</summary>
    public bool BatchVerify(int count, byte[] randomScalars)
    {
        var ctx = NativeMemory.AlignedAlloc(Blst.blst_pairing_sizeof(), 64);
        try
        {
            Blst.blst_pairing_init(ctx, true, _dst, _dstLength);
            fixed (byte* r = randomScalars)
            {
                for (var i = 0; i < count; i++)
                    Blst.blst_pairing_mul_n_aggregate_pk_in_g1(ctx, _pk, _sig, r + 8 * i, 64, _msg, (nuint)_msgLength, null, 0);
            }
            Blst.blst_pairing_commit(ctx);
            return Blst.blst_pairing_finalverify(ctx, null);
        }
        finally
        {
            NativeMemory.AlignedFree(ctx);
        }
    }

    private static T* Alloc<T>() where T : unmanaged => (T*)NativeMemory.AllocZeroed((nuint)sizeof(T));

    public void Dispose()
    {
        new Span<byte>(_sk, sizeof(BlstScalar)).Clear();
        NativeMemory.Free(_sk);
        NativeMemory.Free(_pk);
        NativeMemory.Free(_sig);
        NativeMemory.Free(_sigJacobian);
        NativeMemory.Free(_fullScalar);
        NativeMemory.Free(_msg);
        NativeMemory.Free(_compressedG1);
        NativeMemory.Free(_dst);
    }
}
