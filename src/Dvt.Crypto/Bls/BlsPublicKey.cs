using Dvt.Consensus.Primitives;
using Dvt.Crypto.Native;

namespace Dvt.Crypto.Bls;

/// <summary>
/// A validated BLS public key: a G1 point, on the curve, in the subgroup, not the identity
/// (KeyValidate of the ciphersuite), checked once at construction.
/// </summary>
public sealed unsafe class BlsPublicKey : IEquatable<BlsPublicKey>
{
    public const int Length = 48;

    internal BlsPublicKey(G1Point point)
    {
        if (point.IsIdentity)
            throw new BlsEncodingException("BLS public key", BlsEncodingFailure.Infinity, "the public key is the point at infinity");
        Point = point;
    }

    public G1Point Point { get; }

    /// <summary>Decodes and validates 48 compressed bytes.</summary>
    public static BlsPublicKey Decode(ReadOnlySpan<byte> compressed) => new(G1Point.Decode(compressed, "BLS public key"));

    public static BlsPublicKey Decode(BlsPublicKeyBytes bytes) => Decode(bytes.AsSpan());

    public static BlsPublicKey FromPoint(G1Point point) => new(point);

    public static bool TryDecode(ReadOnlySpan<byte> compressed, out BlsPublicKey? key)
    {
        try
        {
            key = Decode(compressed);
            return true;
        }
        catch (BlsEncodingException)
        {
            key = null;
            return false;
        }
    }

    public ReadOnlySpan<byte> Span => Point.Bytes;

    public byte[] ToBytes() => Point.ToBytes();

    public BlsPublicKeyBytes Bytes => new(Point.Bytes);

    /// <summary>Verify(PK, message, signature) of the POP ciphersuite.</summary>
    public bool Verify(ReadOnlySpan<byte> message, BlsSignature signature)
    {
        BlstError err;
        fixed (BlstP1Affine* pk = &Point.Affine)
        fixed (BlstP2Affine* sig = &signature.Point.Affine)
        fixed (byte* m = message)
            err = Blst.blst_core_verify_pk_in_g1(pk, sig, true, m, (nuint)message.Length, BlsCiphersuite.Dst, BlsCiphersuite.DstLength, null, 0);
        return err == BlstError.Success;
    }

    public bool Equals(BlsPublicKey? other) => other is not null && Point.Equals(other.Point);

    public override bool Equals(object? obj) => Equals(obj as BlsPublicKey);

    public override int GetHashCode() => Point.GetHashCode();

    public override string ToString() => Point.ToString();
}
