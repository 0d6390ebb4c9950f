using Dvt.Crypto.Native;

namespace Dvt.Crypto.Bls;

/// <summary>
/// An element of G2 (the prime-order subgroup of E'(Fp2)); construction checks curve and subgroup,
/// so every instance is a valid group element. The identity (infinity) is allowed, as it is for
/// signatures (which then simply fail to verify).
/// </summary>
public sealed unsafe class G2Point : IEquatable<G2Point>
{
    public const int CompressedLength = 96;

    public const int UncompressedLength = 192;

    internal BlstP2Affine Affine;
    private readonly byte[] _compressed;

    internal G2Point(in BlstP2Affine affine)
    {
        Affine = affine;
        _compressed = new byte[CompressedLength];
        fixed (BlstP2Affine* a = &Affine)
        fixed (byte* c = _compressed)
            Blst.blst_p2_affine_compress(c, a);
    }

    internal static G2Point FromJacobian(in BlstP2 point)
    {
        var p = point;
        BlstP2Affine a;
        Blst.blst_p2_to_affine(&a, &p);
        return new G2Point(a);
    }

    public static G2Point Generator { get; } = FromJacobian(*Blst.blst_p2_generator());

    public static G2Point Identity { get; } = new(default);

    /// <summary>Decodes a 96-byte compressed point, checking the curve and the subgroup.</summary>
    public static G2Point Decode(ReadOnlySpan<byte> compressed) => Decode(compressed, "G2 point");

    internal static G2Point Decode(ReadOnlySpan<byte> compressed, string what)
    {
        if (compressed.Length != CompressedLength)
            throw new BlsEncodingException(what, BlsEncodingFailure.WrongLength, $"expected {CompressedLength} bytes, got {compressed.Length}");
        BlstP2Affine a;
        BlstError err;
        fixed (byte* c = compressed)
            err = Blst.blst_p2_uncompress(&a, c);
        return InSubgroup(a, err, what, "compressed");
    }

    /// <summary>The decoded point once blst read it without error and it is in G2; else the encoding error naming <paramref name="what"/>.</summary>
    private static G2Point InSubgroup(in BlstP2Affine point, BlstError err, string what, string form)
    {
        if (err != BlstError.Success)
            throw err == BlstError.PointNotOnCurve
                ? new BlsEncodingException(what, BlsEncodingFailure.NotOnCurve, "point is not on the curve")
                : new BlsEncodingException(what, BlsEncodingFailure.BadEncoding, $"bad {form} encoding ({err})");
        fixed (BlstP2Affine* a = &point)
        {
            if (!Blst.blst_p2_affine_in_g2(a))
                throw new BlsEncodingException(what, BlsEncodingFailure.NotInSubgroup, "point is not in the G2 subgroup");
        }
        return new G2Point(point);
    }

    /// <summary>
    /// Decodes a 192-byte uncompressed point (<see cref="ToUncompressed"/>), checking the curve and the subgroup: no
    /// square root to take, so about twice as fast as <see cref="Decode(ReadOnlySpan{byte})"/>; for wire formats of our
    /// own where many points arrive (the partial signatures of a slot).
    /// </summary>
    internal static G2Point DecodeUncompressed(ReadOnlySpan<byte> uncompressed, string what)
    {
        if (uncompressed.Length != UncompressedLength)
            throw new BlsEncodingException(what, BlsEncodingFailure.WrongLength, $"expected {UncompressedLength} bytes, got {uncompressed.Length}");
        if ((uncompressed[0] & 0x80) != 0)
            throw new BlsEncodingException(what, BlsEncodingFailure.BadEncoding, "the compression flag is set on an uncompressed encoding");
        BlstP2Affine a;
        BlstError err;
        fixed (byte* u = uncompressed)
            err = Blst.blst_p2_deserialize(&a, u);
        return InSubgroup(a, err, what, "uncompressed");
    }

    public static bool TryDecode(ReadOnlySpan<byte> compressed, out G2Point? point)
    {
        try
        {
            point = Decode(compressed);
            return true;
        }
        catch (BlsEncodingException)
        {
            point = null;
            return false;
        }
    }

    public bool IsIdentity
    {
        get
        {
            fixed (BlstP2Affine* a = &Affine)
                return Blst.blst_p2_affine_is_inf(a);
        }
    }

    /// <summary>The 96-byte compressed encoding (a fresh copy).</summary>
    public byte[] ToBytes() => (byte[])_compressed.Clone();

    public ReadOnlySpan<byte> Bytes => _compressed;

    public G2Point Add(G2Point other)
    {
        BlstP2 acc;
        fixed (BlstP2Affine* a = &Affine)
        fixed (BlstP2Affine* b = &other.Affine)
        {
            Blst.blst_p2_from_affine(&acc, a);
            Blst.blst_p2_add_or_double_affine(&acc, &acc, b);
        }
        return FromJacobian(acc);
    }

    public G2Point Multiply(Scalar scalar)
    {
        var s = scalar.ToBlstScalar();
        BlstP2 p;
        fixed (BlstP2Affine* a = &Affine)
            Blst.blst_p2_from_affine(&p, a);
        Blst.blst_p2_mult(&p, &p, (byte*)&s, 255);
        new Span<byte>(&s, sizeof(BlstScalar)).Clear();
        return FromJacobian(p);
    }

    /// <summary>
    /// hash_to_curve for G2 (RFC 9380 BLS12381G2_XMD:SHA-256_SSWU_RO_) with the given domain separation tag.
    /// </summary>
    public static G2Point HashToCurve(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst)
    {
        BlstP2 p;
        fixed (byte* m = message)
        fixed (byte* d = dst)
            Blst.blst_hash_to_g2(&p, m, (nuint)message.Length, d, (nuint)dst.Length, null, 0);
        return FromJacobian(p);
    }

    /// <summary>The 192-byte uncompressed encoding: x.c1 || x.c0 || y.c1 || y.c0, big-endian.</summary>
    public byte[] ToUncompressed()
    {
        var output = new byte[192];
        fixed (BlstP2Affine* a = &Affine)
        fixed (byte* o = output)
            Blst.blst_p2_affine_serialize(o, a);
        return output;
    }

    /// <summary>Sum of points.</summary>
    public static G2Point Sum(IReadOnlyList<G2Point> points)
    {
        BlstP2 acc = default;
        foreach (var pt in points)
        {
            fixed (BlstP2Affine* b = &pt.Affine)
                Blst.blst_p2_add_or_double_affine(&acc, &acc, b);
        }
        return FromJacobian(acc);
    }

    /// <summary>
    /// Sum of points[i] * factors[i] for small signed integers: each term costs about as many doublings as its factor
    /// has bits (a Lagrange numerator of small share indices has a few), not a full-width multiplication.
    /// </summary>
    public static G2Point SumOfSmallMultiples(IReadOnlyList<G2Point> points, IReadOnlyList<long> factors)
    {
        if (points.Count != factors.Count)
            throw new ArgumentException($"{points.Count} points but {factors.Count} factors");
        BlstP2 acc = default;
        Span<byte> scalar = stackalloc byte[8];
        for (var i = 0; i < points.Count; i++)
        {
            var factor = factors[i];
            if (factor == 0)
                continue;
            var magnitude = factor == long.MinValue ? 1UL << 63 : (ulong)Math.Abs(factor);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(scalar, magnitude);
            var bits = 64 - System.Numerics.BitOperations.LeadingZeroCount(magnitude);
            BlstP2 term;
            fixed (BlstP2Affine* a = &points[i].Affine)
                Blst.blst_p2_from_affine(&term, a);
            if (magnitude != 1)
            {
                fixed (byte* s = scalar)
                    Blst.blst_p2_mult(&term, &term, s, (nuint)bits);
            }
            Blst.blst_p2_cneg(&term, factor < 0 ? 1 : 0);
            Blst.blst_p2_add_or_double(&acc, &acc, &term);
        }
        return FromJacobian(acc);
    }

    /// <summary>
    /// Sum of points[i] * scalars[i] with blst's Pippenger multi-scalar multiplication.
    /// <paramref name="scalarBits"/> bounds the scalars' bit length (255 for arbitrary Fr elements;
    /// smaller when the scalars are known to be small, e.g. powers of a share index).
    /// </summary>
    public static G2Point MultiScalarMultiply(IReadOnlyList<G2Point> points, IReadOnlyList<Scalar> scalars, int scalarBits = 255)
    {
        if (points.Count != scalars.Count)
            throw new ArgumentException($"{points.Count} points but {scalars.Count} scalars");
        var n = points.Count;
        if (n == 0)
            return Identity;
        if (scalarBits is < 1 or > 255)
            throw new ArgumentOutOfRangeException(nameof(scalarBits), scalarBits, "must be 1..255");
        var affines = new BlstP2Affine[n];
        var raw = new BlstScalar[n];
        for (var i = 0; i < n; i++)
        {
            affines[i] = points[i].Affine;
            raw[i] = scalars[i].ToBlstScalar();
        }
        var scratch = new ulong[((int)Blst.blst_p2s_mult_pippenger_scratch_sizeof((nuint)n) + 7) / 8];
        BlstP2 result;
        fixed (BlstP2Affine* pa = affines)
        fixed (BlstScalar* ps = raw)
        fixed (ulong* scr = scratch)
        {
            var pointPtrs = stackalloc BlstP2Affine*[n];
            var scalarPtrs = stackalloc byte*[n];
            for (var i = 0; i < n; i++)
            {
                pointPtrs[i] = pa + i;
                scalarPtrs[i] = (byte*)(ps + i);
            }
            Blst.blst_p2s_mult_pippenger(&result, pointPtrs, (nuint)n, scalarPtrs, (nuint)scalarBits, scr);
        }
        Array.Clear(raw);
        return FromJacobian(result);
    }

    public bool Equals(G2Point? other) => other is not null && _compressed.AsSpan().SequenceEqual(other._compressed);

    public override bool Equals(object? obj) => Equals(obj as G2Point);

    public override int GetHashCode() => BitConverter.ToInt32(_compressed, 1);

    public override string ToString() => "0x" + Convert.ToHexStringLower(_compressed);
}
