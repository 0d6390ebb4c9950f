using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Math.EC;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Dvt.Crypto.ShareEncryption;

/// <summary>
/// Chaum-Pedersen proof that log_G(PK) == log_E(D) on secp256k1 (the complainer's ECDH point D = sk * E
/// was computed with its registered key PK = sk * G), made non-interactive with Fiat-Shamir:
/// c = SHA-256("dvt/dleq/v1" || G || PK || E || D || A1 || A2) mod n (points compressed, 33 bytes each),
/// A1 = k*G, A2 = k*E, z = k + c*sk mod n. Wire form: c (32, BE) || z (32, BE).
/// </summary>
public sealed class DleqProof
{
    public const string Domain = "dvt/dleq/v1";
    public const int Length = 64;

    private static readonly byte[] DomainBytes = Encoding.ASCII.GetBytes(Domain);

    private DleqProof(BigInteger c, BigInteger z)
    {
        C = c;
        Z = z;
    }

    /// <summary>c = z = 0: never verifies; the placeholder proof of a complaint against an unreadable deal.</summary>
    internal static DleqProof Zero { get; } = new(BigInteger.Zero, BigInteger.Zero);

    internal BigInteger C { get; }

    internal BigInteger Z { get; }

    /// <summary>Parses 64 bytes; c and z must be below n.</summary>
    public static DleqProof Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new FormatException($"DLEQ proof: expected {Length} bytes, got {bytes.Length}");
        var c = new BigInteger(1, bytes[..32].ToArray());
        var z = new BigInteger(1, bytes[32..].ToArray());
        if (c.CompareTo(Secp256k1.N) >= 0 || z.CompareTo(Secp256k1.N) >= 0)
            throw new FormatException("DLEQ proof: c and z must be below the secp256k1 group order");
        return new DleqProof(c, z);
    }

    public byte[] ToBytes()
    {
        var output = new byte[Length];
        Secp256k1.ScalarBytes(C).CopyTo(output, 0);
        Secp256k1.ScalarBytes(Z).CopyTo(output, 32);
        return output;
    }

    /// <summary>Proves D = sk * E (returned in <paramref name="d"/>) for the key's public key sk * G.</summary>
    internal static DleqProof Prove(ShareEncryptionKey key, ECPoint e, out ECPoint d)
    {
        var sk = key.Secret();
        d = e.Multiply(sk).Normalize();
        using var nonce = ShareEncryptionKey.Generate();
        var k = nonce.Secret();
        var a1 = Secp256k1.MultiplyGenerator(k);
        var a2 = e.Multiply(k).Normalize();
        var c = Challenge(key.PublicKey.Point, e, d, a1, a2);
        var z = k.Add(c.Multiply(sk)).Mod(Secp256k1.N);
        return new DleqProof(c, z);
    }

    /// <summary>True when D = sk * E for the sk behind <paramref name="publicKey"/>.</summary>
    internal bool Verify(ECPoint publicKey, ECPoint e, ECPoint d)
    {
        var minusC = Secp256k1.N.Subtract(C).Mod(Secp256k1.N);
        var a1 = ECAlgorithms.SumOfTwoMultiplies(Secp256k1.G, Z, publicKey, minusC).Normalize();
        var a2 = ECAlgorithms.SumOfTwoMultiplies(e, Z, d, minusC).Normalize();
        if (a1.IsInfinity || a2.IsInfinity)
            return false;
        return Challenge(publicKey, e, d, a1, a2).Equals(C);
    }

    private static BigInteger Challenge(ECPoint pk, ECPoint e, ECPoint d, ECPoint a1, ECPoint a2)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(DomainBytes);
        foreach (var point in new[] { Secp256k1.G, pk, e, d, a1, a2 })
            sha.AppendData(Secp256k1.Encode(point));
        return new BigInteger(1, sha.GetHashAndReset()).Mod(Secp256k1.N);
    }
}
