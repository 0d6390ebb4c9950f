using System.Runtime.InteropServices;

namespace Dvt.Crypto.Native;

// Layouts mirror blst.h (limb_t = uint64); sizes are pinned by a test against blst_*_sizeof().

/// <summary>blst_scalar: 256-bit little-endian integer, as blst's scalar-multiplication entry points read it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BlstScalar
{
    public fixed byte B[32];
}

/// <summary>blst_fr: element of the scalar field in Montgomery form (never reinterpret as bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BlstFr
{
    public fixed ulong L[4];
}

/// <summary>blst_p1: G1 point in Jacobian coordinates (x, y, z over Fp).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BlstP1
{
    public fixed ulong L[18];
}

/// <summary>blst_p1_affine: G1 point in affine coordinates.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BlstP1Affine
{
    public fixed ulong L[12];
}

/// <summary>blst_p2: G2 point in Jacobian coordinates (x, y, z over Fp2).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BlstP2
{
    public fixed ulong L[36];
}

/// <summary>blst_p2_affine: G2 point in affine coordinates.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BlstP2Affine
{
    public fixed ulong L[24];
}

/// <summary>BLST_ERROR from blst.h.</summary>
internal enum BlstError
{
    Success = 0,
    BadEncoding = 1,
    PointNotOnCurve = 2,
    PointNotInGroup = 3,
    AggrTypeMismatch = 4,
    VerifyFail = 5,
    PkIsInfinity = 6,
    BadScalar = 7,
}
