using Dvt.Crypto.Native;

namespace Dvt.Crypto.Bls;

/// <summary>
/// An element of G1 (the prime-order subgroup of E(Fp)); construction checks curve and subgroup,
/// so every instance is a valid group element. The identity (infinity) is allowed here;
/// <see cref="BlsPublicKey"/> refuses it.
/// </summary>
public sealed unsafe class G1Point : IEquatable<G1Point>
{
    public const int CompressedLength = 48;

    internal BlstP1Affine Affine;
    private readonly byte[] _compressed;

    internal G1Point(in BlstP1Affine affine)
    {
        Affine = affine;
        _compressed = new byte[CompressedLength];
        fixed (BlstP1Affine* a = &Affine)
        fixed (byte* c = _compressed)
            Blst.blst_p1_affine_compress(c, a);
    }

    internal static G1Point FromJacobian(in BlstP1 point)
    {
        var p = point;
        BlstP1Affine a;
        Blst.blst_p1_to_affine(&a, &p);
        return new G1Point(a);
    }

    public static G1Point Generator { get; } = FromJacobian(*Blst.blst_p1_generator());

    public static G1Point Identity { get; } = new(default);

    /// <summary>Decodes a 48-byte compressed point, checking the curve and the subgroup.</summary>
    public static G1Point Decode(ReadOnlySpan<byte> compressed) => Decode(compressed, "G1 point");

    internal static G1Point Decode(ReadOnlySpan<byte> compressed, string what)
    {
        if (compressed.Length != CompressedLength)
            throw new BlsEncodingException(what, BlsEncodingFailure.WrongLength, $"expected {CompressedLength} bytes, got {compressed.Length}");
        BlstP1Affine a;
        BlstError err;
        fixed (byte* c = compressed)
            err = Blst.blst_p1_uncompress(&a, c);
        if (err != BlstError.Success)
            throw err == BlstError.PointNotOnCurve
                ? new BlsEncodingException(what, BlsEncodingFailure.NotOnCurve, "point is not on the curve")
                : new BlsEncodingException(what, BlsEncodingFailure.BadEncoding, $"bad compressed encoding ({err})");
        if (!Blst.blst_p1_affine_in_g1(&a))
            throw new BlsEncodingException(what, BlsEncodingFailure.NotInSubgroup, "point is not in the G1 subgroup");
        return new G1Point(a);
    }

    public static bool TryDecode(ReadOnlySpan<byte> compressed, out G1Point? point)
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
            fixed (BlstP1Affine* a = &Affine)
                return Blst.blst_p1_affine_is_inf(a);
        }
    }

    /// <summary>The 48-byte compressed encoding (a fresh copy).</summary>
    public byte[] ToBytes() => (byte[])_compressed.Clone();

    public ReadOnlySpan<byte> Bytes => _compressed;

    public G1Point Add(G1Point other)
    {
        BlstP1 acc;
        fixed (BlstP1Affine* a = &Affine)
        fixed (BlstP1Affine* b = &other.Affine)
        {
            Blst.blst_p1_from_affine(&acc, a);
            Blst.blst_p1_add_or_double_affine(&acc, &acc, b);
        }
        return FromJacobian(acc);
    }

    public G1Point Multiply(Scalar scalar)
    {
        var s = scalar.ToBlstScalar();
        BlstP1 p;
        fixed (BlstP1Affine* a = &Affine)
            Blst.blst_p1_from_affine(&p, a);
        Blst.blst_p1_mult(&p, &p, (byte*)&s, 255);
        new Span<byte>(&s, sizeof(BlstScalar)).Clear();
        return FromJacobian(p);
    }

    /// <summary>g1^s for the fixed generator (public key derivation, Feldman commitments).</summary>
    public static G1Point MultiplyGenerator(Scalar scalar)
    {
        var s = scalar.ToBlstScalar();
        BlstP1 p;
        Blst.blst_sk_to_pk_in_g1(&p, &s);
        new Span<byte>(&s, sizeof(BlstScalar)).Clear();
        return FromJacobian(p);
    }

    /// <summary>Sum of points.</summary>
    public static G1Point Sum(IReadOnlyList<G1Point> points)
    {
        BlstP1 acc = default;
        foreach (var pt in points)
        {
            fixed (BlstP1Affine* b = &pt.Affine)
                Blst.blst_p1_add_or_double_affine(&acc, &acc, b);
        }
        return FromJacobian(acc);
    }

    /// <summary>
    /// Sum of points[i] * scalars[i] with blst's Pippenger multi-scalar multiplication.
    /// <paramref name="scalarBits"/> bounds the scalars' bit length (255 for arbitrary Fr elements;
    /// smaller when the scalars are known to be small, e.g. powers of a share index).
    /// </summary>
    public static G1Point MultiScalarMultiply(IReadOnlyList<G1Point> points, IReadOnlyList<Scalar> scalars, int scalarBits = 255)
    {
        if (points.Count != scalars.Count)
            throw new ArgumentException($"{points.Count} points but {scalars.Count} scalars");
        var n = points.Count;
        if (n == 0)
            return Identity;
        if (scalarBits is < 1 or > 255)
            throw new ArgumentOutOfRangeException(nameof(scalarBits), scalarBits, "must be 1..255");
        var affines = new BlstP1Affine[n];
        var raw = new BlstScalar[n];
        for (var i = 0; i < n; i++)
        {
            affines[i] = points[i].Affine;
            raw[i] = scalars[i].ToBlstScalar();
        }
        var scratch = new ulong[((int)Blst.blst_p1s_mult_pippenger_scratch_sizeof((nuint)n) + 7) / 8];
        BlstP1 result;
        fixed (BlstP1Affine* pa = affines)
        fixed (BlstScalar* ps = raw)
        fixed (ulong* scr = scratch)
        {
            var pointPtrs = stackalloc BlstP1Affine*[n];
            var scalarPtrs = stackalloc byte*[n];
            for (var i = 0; i < n; i++)
            {
                pointPtrs[i] = pa + i;
                scalarPtrs[i] = (byte*)(ps + i);
            }
            Blst.blst_p1s_mult_pippenger(&result, pointPtrs, (nuint)n, scalarPtrs, (nuint)scalarBits, scr);
        }
        Array.Clear(raw);
        return FromJacobian(result);
    }

    public bool Equals(G1Point? other) => other is not null && _compressed.AsSpan().SequenceEqual(other._compressed);

    public override bool Equals(object? obj) => Equals(obj as G1Point);

    public override int GetHashCode() => BitConverter.ToInt32(_compressed, 1);

    public override string ToString() => "0x" + Convert.ToHexStringLower(_compressed);
}
