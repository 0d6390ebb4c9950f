using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace Dvt.ContractBindings.Signing;

/// <summary>
/// secp256k1 as Ethereum uses it: deterministic RFC 6979 nonces, low-s normalisation, and the recovery bit
/// found by recovering the public key (BouncyCastle signs but does not report it).
/// </summary>
public static class Secp256k1
{
    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256k1");
    internal static readonly ECDomainParameters Domain = new(Curve.Curve, Curve.G, Curve.N, Curve.H);
    private static readonly BigInteger HalfN = Curve.N.ShiftRight(1);

    public static System.Numerics.BigInteger Order => new(Curve.N.ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true);

    /// <summary>Signs a 32-byte message hash.</summary>
    public static EcdsaSignature Sign(ReadOnlySpan<byte> messageHash, ReadOnlySpan<byte> secret) =>
        Sign(messageHash, secret, PublicKey(secret));

    /// <summary>Signs with the signer's known 64-byte public key, which saves deriving it again for the recovery bit.</summary>
    public static EcdsaSignature Sign(ReadOnlySpan<byte> messageHash, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> publicKey64)
    {
        if (messageHash.Length != 32)
            throw new ArgumentException($"message hash must be 32 bytes, got {messageHash.Length}", nameof(messageHash));
        var secretCopy = secret.ToArray();
        var d = new BigInteger(1, secretCopy);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(secretCopy);
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, new ECPrivateKeyParameters(d, Domain));
        var hash = messageHash.ToArray();
        var rs = signer.GenerateSignature(hash);
        var r = rs[0];
        var s = rs[1];
        if (s.CompareTo(HalfN) > 0)
            s = Curve.N.Subtract(s);
        var publicKey = Curve.Curve.DecodePoint([0x04, .. publicKey64]);
        // Exactly one of the two candidates recovers the signer, so checking the even one decides (tests recover every signature).
        var even = RecoverPoint(hash, r, s, 0);
        var parity = even is not null && even.Equals(publicKey) ? (byte)0 : (byte)1;
        return new EcdsaSignature(ToUInt256(r), ToUInt256(s), parity);
    }

    /// <summary>The 64-byte uncompressed public key (x || y, without the 0x04 prefix).</summary>
    public static byte[] PublicKey(ReadOnlySpan<byte> secret)
    {
        var secretCopy = secret.ToArray();
        var d = new BigInteger(1, secretCopy);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(secretCopy);
        return Domain.G.Multiply(d).Normalize().GetEncoded(false).AsSpan(1).ToArray();
    }

    public static Address AddressOf(ReadOnlySpan<byte> publicKey64)
    {
        if (publicKey64.Length != 64)
            throw new ArgumentException($"public key must be 64 bytes, got {publicKey64.Length}", nameof(publicKey64));
        return new Address(Keccak256.Hash(publicKey64).AsSpan(12));
    }

    /// <summary>The signer's address from a message hash and signature (ecrecover); throws for an invalid signature.</summary>
    public static Address Recover(ReadOnlySpan<byte> messageHash, EcdsaSignature signature)
    {
        var r = new BigInteger(1, signature.R.ToMinimalBigEndian().DefaultIfEmpty().ToArray());
        var s = new BigInteger(1, signature.S.ToMinimalBigEndian().DefaultIfEmpty().ToArray());
        if (r.SignValue <= 0 || r.CompareTo(Curve.N) >= 0 || s.SignValue <= 0 || s.CompareTo(Curve.N) >= 0)
            throw new ArgumentException("signature r or s is out of range");
        var point = RecoverPoint(messageHash.ToArray(), r, s, signature.YParity)
            ?? throw new ArgumentException("signature does not recover to a point");
        return AddressOf(point.GetEncoded(false).AsSpan(1));
    }

    /// <summary>True when the secret is a valid private key: 0 &lt; d &lt; n.</summary>
    public static bool IsValidSecret(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != 32)
            return false;
        var d = new BigInteger(1, secret.ToArray());
        return d.SignValue > 0 && d.CompareTo(Curve.N) < 0;
    }

    private static ECPoint? RecoverPoint(byte[] hash, BigInteger r, BigInteger s, byte parity)
    {
        // SEC 1 v2, 4.1.6; the x = r + n case has negligible probability and is not produced by signers.
        var prime = Curve.Curve.Field.Characteristic;
        if (r.CompareTo(prime) >= 0)
            return null;
        var encoded = new byte[33];
        encoded[0] = (byte)(0x02 + parity);
        var xBytes = r.ToByteArrayUnsigned();
        xBytes.CopyTo(encoded, 33 - xBytes.Length);
        ECPoint rPoint;
        try
        {
            rPoint = Curve.Curve.DecodePoint(encoded);
        }
        catch (ArgumentException)
        {
            return null;
        }
        var e = new BigInteger(1, hash);
        var rInv = r.ModInverse(Curve.N);
        var u1 = Curve.N.Subtract(e).Mod(Curve.N).Multiply(rInv).Mod(Curve.N);
        var u2 = s.Multiply(rInv).Mod(Curve.N);
        var q = ECAlgorithms.SumOfTwoMultiplies(Curve.G, u1, rPoint, u2).Normalize();
        return q.IsInfinity ? null : q;
    }

    private static UInt256 ToUInt256(BigInteger value) => UInt256.FromBigEndian(value.ToByteArrayUnsigned());
}
