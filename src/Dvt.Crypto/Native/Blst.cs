using System.Runtime.InteropServices;

namespace Dvt.Crypto.Native;

/// <summary>
/// The blst entry points this project uses, declared from blst.h / blst_aux.h (blst 0.3.10).
/// Source-generated P/Invoke; the static constructor installs the resolver before any call binds.
/// </summary>
internal static unsafe partial class Blst
{
    private const string Lib = BlstLibraryResolver.LibraryName;

    static Blst() => BlstLibraryResolver.Install();

    // Scalars and Fr.
    [LibraryImport(Lib)] public static partial void blst_scalar_from_bendian(BlstScalar* ret, byte* a);
    [LibraryImport(Lib)] public static partial void blst_bendian_from_scalar(byte* ret, BlstScalar* a);
    [LibraryImport(Lib)] public static partial void blst_scalar_from_lendian(BlstScalar* ret, byte* a);
    [LibraryImport(Lib)] public static partial void blst_lendian_from_scalar(byte* ret, BlstScalar* a);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.U1)] public static partial bool blst_scalar_fr_check(BlstScalar* a);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.U1)] public static partial bool blst_sk_check(BlstScalar* a);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.U1)] public static partial bool blst_scalar_from_be_bytes(BlstScalar* ret, byte* a, nuint len);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.U1)] public static partial bool blst_scalar_from_le_bytes(BlstScalar* ret, byte* a, nuint len);
    [LibraryImport(Lib)] public static partial void blst_fr_add(BlstFr* ret, BlstFr* a, BlstFr* b);
    [LibraryImport(Lib)] public static partial void blst_fr_sub(BlstFr* ret, BlstFr* a, BlstFr* b);
    [LibraryImport(Lib)] public static partial void blst_fr_mul(BlstFr* ret, BlstFr* a, BlstFr* b);
    [LibraryImport(Lib)] public static partial void blst_fr_inverse(BlstFr* ret, BlstFr* a);
    [LibraryImport(Lib)] public static partial void blst_fr_eucl_inverse(BlstFr* ret, BlstFr* a);
    [LibraryImport(Lib)] public static partial void blst_fr_cneg(BlstFr* ret, BlstFr* a, [MarshalAs(UnmanagedType.U1)] bool flag);
    [LibraryImport(Lib)] public static partial void blst_fr_from_uint64(BlstFr* ret, ulong* a);
    [LibraryImport(Lib)] public static partial void blst_uint64_from_fr(ulong* ret, BlstFr* a);
    [LibraryImport(Lib)] public static partial void blst_fr_from_scalar(BlstFr* ret, BlstScalar* a);
    [LibraryImport(Lib)] public static partial void blst_scalar_from_fr(BlstScalar* ret, BlstFr* a);

    // G1.
    [LibraryImport(Lib)] public static partial void blst_p1_add_or_double(BlstP1* ret, BlstP1* a, BlstP1* b);
    [LibraryImport(Lib)] public static partial void blst_p1_add_or_double_affine(BlstP1* ret, BlstP1* a, BlstP1Affine* b);
    [LibraryImport(Lib)] public static partial void blst_p1_mult(BlstP1* ret, BlstP1* p, byte* scalar, nuint nbits);
    [LibraryImport(Lib)] public static partial void blst_p1_cneg(BlstP1* p, [MarshalAs(UnmanagedType.U1)] bool cbit);
    [LibraryImport(Lib)] public static partial void blst_p1_to_affine(BlstP1Affine* ret, BlstP1* a);
    [LibraryImport(Lib)] public static partial void blst_p1_from_affine(BlstP1* ret, BlstP1Affine* a);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.U1)] public static partial bool blst_p1_is_inf(BlstP1* a);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.U1)] public static partial bool blst_p1_affine_in_g1(BlstP1Affine* p);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.U1)] public static partial bool blst_p1_affine_is_equal(BlstP1Affine* a, BlstP1Affine* b);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.U1)] public static partial bool blst_p1_affine_is_inf(BlstP1Affine* a);
    [LibraryImport(Lib)] public static partial BlstP1* blst_p1_generator();
    [LibraryImport(Lib)] public static partial void blst_p1_affine_compress(byte* ret, BlstP1Affine* a);
    [LibraryImport(Lib)] public static partial void blst_p1_compress(byte* ret, BlstP1* a);
    [LibraryImport(Lib)] public static partial BlstError blst_p1_uncompress(BlstP1Affine* ret, byte* input);
    [LibraryImport(Lib)] public static partial nuint blst_p1s_mult_pippenger_scratch_sizeof(nuint npoints);
    [LibraryImport(Lib)] public static partial void blst_p1s_mult_pippenger(BlstP1* ret, BlstP1Affine** points, nuint npoints, byte** scalars, nuint nbits, ulong* scratch);
    [LibraryImport(Lib)] public static partial void blst_sk_to_pk_in_g1(BlstP1* ret, BlstScalar* sk);

    // G2.
    [LibraryImport(Lib)] public static partial void blst_p2_add_or_double(BlstP2* ret, BlstP2* a, BlstP2* b);
    [LibraryImport(Lib)] public static partial void blst_p2_add_or_double_affine(BlstP2* ret, BlstP2* a, BlstP2Affine* b);
    [LibraryImport(Lib)] public static partial void blst_p2_mult(BlstP2* ret, BlstP2* p, byte* scalar, nuint nbits);
    [LibraryImport(Lib)] public static partial void blst_p2_to_affine(BlstP2Affine* ret, BlstP2* a);
    [LibraryImport(Lib)] public static partial void blst_p2_cneg(BlstP2* p, int cbit);
    [LibraryImport(Lib)] public static partial void blst_p2_from_affine(BlstP2* ret, BlstP2Affine* a);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.U1)] public static partial bool blst_p2_affine_in_g2(BlstP2Affine* p);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.U1)] public static partial bool blst_p2_affine_is_equal(BlstP2Affine* a, BlstP2Affine* b);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.U1)] public static partial bool blst_p2_affine_is_inf(BlstP2Affine* a);
    [LibraryImport(Lib)] public static partial BlstP2* blst_p2_generator();
    [LibraryImport(Lib)] public static partial void blst_p2_affine_compress(byte* ret, BlstP2Affine* a);
    [LibraryImport(Lib)] public static partial void blst_p2_affine_serialize(byte* ret, BlstP2Affine* a);
    [LibraryImport(Lib)] public static partial BlstError blst_p2_uncompress(BlstP2Affine* ret, byte* input);
    [LibraryImport(Lib)] public static partial BlstError blst_p2_deserialize(BlstP2Affine* ret, byte* input);
    [LibraryImport(Lib)] public static partial nuint blst_p2s_mult_pippenger_scratch_sizeof(nuint npoints);
    [LibraryImport(Lib)] public static partial void blst_p2s_mult_pippenger(BlstP2* ret, BlstP2Affine** points, nuint npoints, byte** scalars, nuint nbits, ulong* scratch);
    [LibraryImport(Lib)] public static partial void blst_hash_to_g2(BlstP2* ret, byte* msg, nuint msgLen, byte* dst, nuint dstLen, byte* aug, nuint augLen);
    [LibraryImport(Lib)] public static partial void blst_sign_pk_in_g1(BlstP2* ret, BlstP2* hash, BlstScalar* sk);

    // Verification and the pairing context.
    [LibraryImport(Lib)] public static partial BlstError blst_core_verify_pk_in_g1(BlstP1Affine* pk, BlstP2Affine* signature, [MarshalAs(UnmanagedType.U1)] bool hashOrEncode, byte* msg, nuint msgLen, byte* dst, nuint dstLen, byte* aug, nuint augLen);
    [LibraryImport(Lib)] public static partial nuint blst_pairing_sizeof();
    [LibraryImport(Lib)] public static partial void blst_pairing_init(void* ctx, [MarshalAs(UnmanagedType.U1)] bool hashOrEncode, byte* dst, nuint dstLen);
    [LibraryImport(Lib)] public static partial BlstError blst_pairing_aggregate_pk_in_g1(void* ctx, BlstP1Affine* pk, BlstP2Affine* signature, byte* msg, nuint msgLen, byte* aug, nuint augLen);
    [LibraryImport(Lib)] public static partial BlstError blst_pairing_mul_n_aggregate_pk_in_g1(void* ctx, BlstP1Affine* pk, BlstP2Affine* signature, byte* scalar, nuint nbits, byte* msg, nuint msgLen, byte* aug, nuint augLen);
    // The group-check flags are size_t in blst's aggregate.c (bool in blst.h): passed as full registers.
    [LibraryImport(Lib)] public static partial BlstError blst_pairing_chk_n_aggr_pk_in_g1(void* ctx, BlstP1Affine* pk, nuint pkGroupCheck, BlstP2Affine* signature, nuint signatureGroupCheck, byte* msg, nuint msgLen, byte* aug, nuint augLen);
    [LibraryImport(Lib)] public static partial BlstError blst_pairing_chk_n_mul_n_aggr_pk_in_g1(void* ctx, BlstP1Affine* pk, nuint pkGroupCheck, BlstP2Affine* signature, nuint signatureGroupCheck, byte* scalar, nuint nbits, byte* msg, nuint msgLen, byte* aug, nuint augLen);
    [LibraryImport(Lib)] public static partial void blst_pairing_commit(void* ctx);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.U1)] public static partial bool blst_pairing_finalverify(void* ctx, void* gtsig);

    // Sizes, for the layout test.
    [LibraryImport(Lib)] public static partial nuint blst_p1_sizeof();
    [LibraryImport(Lib)] public static partial nuint blst_p1_affine_sizeof();
    [LibraryImport(Lib)] public static partial nuint blst_p2_sizeof();
    [LibraryImport(Lib)] public static partial nuint blst_p2_affine_sizeof();
}
