using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Dvt.Crypto.ShareEncryption;

/// <summary>secp256k1 through BouncyCastle: the curve of operators' share-encryption keys.</summary>
internal static class Secp256k1
{
    public const int CompressedLength = 33;
    public const int ScalarLength = 32;

    private static readonly X9ECParameters Parameters = CustomNamedCurves.GetByName("secp256k1");
    private static readonly FixedPointCombMultiplier GeneratorMultiplier = new();

    // One instance, so the comb multiplier's precomputed table (kept on the point) is built once.
    private static readonly ECPoint Generator = Parameters.G;

    public static ECCurve Curve => Parameters.Curve;

    public static ECPoint G => Generator;

    public static BigInteger N => Parameters.N;

    public static ECPoint MultiplyGenerator(BigInteger k) => GeneratorMultiplier.Multiply(Generator, k).Normalize();

    /// <summary>Decodes a 33-byte compressed point; null when it is not a valid point of the curve.</summary>
    public static ECPoint? TryDecode(ReadOnlySpan<byte> compressed)
    {
        if (compressed.Length != CompressedLength || (compressed[0] != 0x02 && compressed[0] != 0x03))
            return null;
        try
        {
            var point = Curve.DecodePoint(compressed.ToArray());
            return point.IsInfinity || !point.IsValid() ? null : point.Normalize();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public static byte[] Encode(ECPoint point) => point.Normalize().GetEncoded(true);

    /// <summary>A 32-byte big-endian integer in [1, n), or null.</summary>
    public static BigInteger? TryScalar(ReadOnlySpan<byte> bigEndian)
    {
        if (bigEndian.Length != ScalarLength)
            return null;
        var k = new BigInteger(1, bigEndian.ToArray());
        return k.SignValue == 0 || k.CompareTo(N) >= 0 ? null : k;
    }

    public static byte[] ScalarBytes(BigInteger k) => k.ToByteArrayUnsigned().Length == ScalarLength
        ? k.ToByteArrayUnsigned()
        : PadLeft(k.ToByteArrayUnsigned());

    private static byte[] PadLeft(byte[] value)
    {
        var result = new byte[ScalarLength];
        value.CopyTo(result, ScalarLength - value.Length);
        return result;
    }
}
