using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Dvt.Crypto.Native;

namespace Dvt.Crypto.Bls;

/// <summary>
/// An element of Fr, the BLS12-381 scalar field (integers mod r). Arithmetic runs in blst
/// (Montgomery form inside). Used for Shamir shares, polynomial coefficients and Lagrange
/// coefficients; a struct, so callers holding secret values clear their arrays after use.
/// </summary>
public readonly struct Scalar : IEquatable<Scalar>
{
    public const int Length = 32;

    /// <summary>r, the order of G1 and G2.</summary>
    public static readonly BigInteger Modulus = BigInteger.Parse("52435875175126190479447740508185965837690552500527637822603658699938581184513");

    internal readonly BlstFr Fr;

    internal Scalar(BlstFr fr) => Fr = fr;

    public static Scalar Zero => default;

    public static Scalar One => FromUInt64(1);

    public static unsafe Scalar FromUInt64(ulong value)
    {
        var limbs = stackalloc ulong[4] { value, 0, 0, 0 };
        BlstFr fr;
        Blst.blst_fr_from_uint64(&fr, limbs);
        return new Scalar(fr);
    }

    /// <summary>A canonical 32-byte big-endian value; refuses values &gt;= r.</summary>
    public static unsafe Scalar FromBigEndian(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new ArgumentException($"a scalar is {Length} bytes big-endian, got {bytes.Length}", nameof(bytes));
        BlstScalar s;
        try
        {
            fixed (byte* p = bytes)
                Blst.blst_scalar_from_bendian(&s, p);
            if (!Blst.blst_scalar_fr_check(&s))
                throw new ArgumentException("scalar is not below the group order r", nameof(bytes));
            BlstFr fr;
            Blst.blst_fr_from_scalar(&fr, &s);
            return new Scalar(fr);
        }
        finally
        {
            new Span<byte>(&s, sizeof(BlstScalar)).Clear();
        }
    }

    /// <summary>Any big-endian byte string, reduced mod r (used for uniform sampling from 48 bytes).</summary>
    public static unsafe Scalar FromBigEndianReduced(ReadOnlySpan<byte> bytes)
    {
        BlstScalar s;
        try
        {
            fixed (byte* p = bytes)
                Blst.blst_scalar_from_be_bytes(&s, p, (nuint)bytes.Length);
            BlstFr fr;
            Blst.blst_fr_from_scalar(&fr, &s);
            return new Scalar(fr);
        }
        finally
        {
            new Span<byte>(&s, sizeof(BlstScalar)).Clear();
        }
    }

    /// <summary>An integer reduced mod r (negative values wrap).</summary>
    public static Scalar FromInteger(BigInteger value)
    {
        var reduced = BigInteger.Remainder(value, Modulus);
        if (reduced.Sign < 0)
            reduced += Modulus;
        Span<byte> be = stackalloc byte[Length];
        be.Clear();
        reduced.TryWriteBytes(be[(Length - reduced.GetByteCount(isUnsigned: true))..], out _, isUnsigned: true, isBigEndian: true);
        var s = FromBigEndian(be);
        CryptographicOperations.ZeroMemory(be);
        return s;
    }

    /// <summary>A uniformly random element (48 random bytes reduced mod r, bias below 2^-128).</summary>
    public static Scalar Random()
    {
        Span<byte> wide = stackalloc byte[48];
        RandomNumberGenerator.Fill(wide);
        var s = FromBigEndianReduced(wide);
        CryptographicOperations.ZeroMemory(wide);
        return s;
    }

    /// <summary>A uniformly random nonzero element.</summary>
    public static Scalar RandomNonZero()
    {
        while (true)
        {
            var s = Random();
            if (!s.IsZero)
                return s;
        }
    }

    public bool IsZero
    {
        get
        {
            var f = Fr;
            var limbs = MemoryMarshal.Cast<BlstFr, ulong>(new ReadOnlySpan<BlstFr>(in f));
            return (limbs[0] | limbs[1] | limbs[2] | limbs[3]) == 0;
        }
    }

    public static unsafe Scalar operator +(Scalar a, Scalar b)
    {
        var x = a.Fr; var y = b.Fr; BlstFr r;
        Blst.blst_fr_add(&r, &x, &y);
        return new Scalar(r);
    }

    public static unsafe Scalar operator -(Scalar a, Scalar b)
    {
        var x = a.Fr; var y = b.Fr; BlstFr r;
        Blst.blst_fr_sub(&r, &x, &y);
        return new Scalar(r);
    }

    public static unsafe Scalar operator *(Scalar a, Scalar b)
    {
        var x = a.Fr; var y = b.Fr; BlstFr r;
        Blst.blst_fr_mul(&r, &x, &y);
        return new Scalar(r);
    }

    /// <summary>The multiplicative inverse (constant time); refuses zero.</summary>
    public unsafe Scalar Inverse()
    {
        if (IsZero)
            throw new DivideByZeroException("zero has no inverse in Fr");
        var x = Fr; BlstFr r;
        Blst.blst_fr_inverse(&r, &x);
        return new Scalar(r);
    }

    /// <summary>Writes the canonical 32-byte big-endian form.</summary>
    public unsafe void WriteBigEndian(Span<byte> destination)
    {
        if (destination.Length != Length)
            throw new ArgumentException($"destination must be {Length} bytes, got {destination.Length}", nameof(destination));
        var x = Fr; BlstScalar s;
        Blst.blst_scalar_from_fr(&s, &x);
        fixed (byte* d = destination)
            Blst.blst_bendian_from_scalar(d, &s);
        new Span<byte>(&s, sizeof(BlstScalar)).Clear();
    }

    public byte[] ToBigEndian()
    {
        var b = new byte[Length];
        WriteBigEndian(b);
        return b;
    }

    /// <summary>The little-endian blst_scalar form that blst's point multiplications read.</summary>
    internal unsafe BlstScalar ToBlstScalar()
    {
        var x = Fr; BlstScalar s;
        Blst.blst_scalar_from_fr(&s, &x);
        return s;
    }

    public BigInteger ToBigInteger()
    {
        Span<byte> be = stackalloc byte[Length];
        WriteBigEndian(be);
        return new BigInteger(be, isUnsigned: true, isBigEndian: true);
    }

    public unsafe bool Equals(Scalar other)
    {
        var a = ToBlstScalar();
        var b = other.ToBlstScalar();
        return new ReadOnlySpan<byte>(&a, Length).SequenceEqual(new ReadOnlySpan<byte>(&b, Length));
    }

    public override bool Equals(object? obj) => obj is Scalar s && Equals(s);

    public override unsafe int GetHashCode()
    {
        var a = ToBlstScalar();
        return BitConverter.ToInt32(new ReadOnlySpan<byte>(&a, 4));
    }

    public static bool operator ==(Scalar a, Scalar b) => a.Equals(b);

    public static bool operator !=(Scalar a, Scalar b) => !a.Equals(b);

    /// <summary>Scalars may be secret (shares, coefficients): never printed.</summary>
    public override string ToString() => "Scalar(redacted)";
}
