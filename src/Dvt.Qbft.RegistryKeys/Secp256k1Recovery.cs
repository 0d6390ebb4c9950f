using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Math.EC;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Dvt.Qbft.RegistryKeys;

/// <summary>
/// Public-key recovery from a secp256k1 signature (SEC 1 v2, 4.1.6), returning the 64-byte key itself, which the
/// verifier keeps so later signatures of the same operator are checked by the platform without recovery.
/// </summary>
internal static class Secp256k1Recovery
{
    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256k1");

    public static readonly System.Numerics.BigInteger Order = new(Curve.N.ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true);

    public static readonly System.Numerics.BigInteger HalfOrder = Order / 2;

    /// <summary>The 64-byte public key (x || y) that made r || s over the hash with the given y parity; null if none.</summary>
    public static byte[]? Recover(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> rs, byte parity)
    {
        var r = new BcBigInteger(1, rs[..32].ToArray());
        var s = new BcBigInteger(1, rs[32..64].ToArray());
        if (r.SignValue <= 0 || r.CompareTo(Curve.N) >= 0 || s.SignValue <= 0 || s.CompareTo(Curve.N) >= 0)
            return null;
        if (r.CompareTo(Curve.Curve.Field.Characteristic) >= 0)
            return null;
        var encoded = new byte[33];
        encoded[0] = (byte)(0x02 + parity);
        rs[..32].CopyTo(encoded.AsSpan(1));
        ECPoint rPoint;
        try
        {
            rPoint = Curve.Curve.DecodePoint(encoded);
        }
        catch (ArgumentException)
        {
            return null;
        }
        var e = new BcBigInteger(1, hash.ToArray());
        var rInverse = r.ModInverse(Curve.N);
        var u1 = Curve.N.Subtract(e).Mod(Curve.N).Multiply(rInverse).Mod(Curve.N);
        var u2 = s.Multiply(rInverse).Mod(Curve.N);
        var q = ECAlgorithms.SumOfTwoMultiplies(Curve.G, u1, rPoint, u2).Normalize();
        return q.IsInfinity ? null : q.GetEncoded(false).AsSpan(1).ToArray();
    }
}
