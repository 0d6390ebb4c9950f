using Dvt.Crypto.ShareEncryption;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace Dvt.Crypto.KeyRounds;

/// <summary>
/// The evidence of a complaint: the receiver's ECDH point D = sk_receiver * E (33, compressed) and a
/// DLEQ proof (64) that D was made with its registered key. With it anyone can derive the AES key,
/// open the disputed share and check it, without trusting the complainer. 97 bytes on the wire.
/// </summary>
public sealed class ComplaintEvidence
{
    public const int Length = Secp256k1.CompressedLength + DleqProof.Length;

    private readonly byte[] _ecdhPoint;

    internal ComplaintEvidence(ECPoint ecdhPoint, DleqProof proof)
    {
        EcdhPointValue = ecdhPoint.Normalize();
        _ecdhPoint = Secp256k1.Encode(EcdhPointValue);
        Proof = proof;
    }

    /// <summary>Posted when a deal is so malformed that it has no ephemeral key to prove against: G and a zero proof.</summary>
    public static ComplaintEvidence Placeholder { get; } = new(Secp256k1.G, DleqProof.Zero);

    public ReadOnlySpan<byte> EcdhPoint => _ecdhPoint;

    public DleqProof Proof { get; }

    internal ECPoint EcdhPointValue { get; }

    /// <summary>Builds the evidence with the receiver's own key for the deal's ephemeral key E.</summary>
    public static ComplaintEvidence Create(ShareEncryptionKey receiverKey, ShareEncryptionPublicKey ephemeralKey)
    {
        var proof = DleqProof.Prove(receiverKey, ephemeralKey.Point, out var d);
        return new ComplaintEvidence(d, proof);
    }

    public byte[] Encode()
    {
        var output = new byte[Length];
        _ecdhPoint.CopyTo(output, 0);
        Proof.ToBytes().CopyTo(output, Secp256k1.CompressedLength);
        return output;
    }

    public static ComplaintEvidence Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new MalformedMessageException("evidence", $"expected {Length} bytes (ECDH point 33 || DLEQ proof 64), got {bytes.Length}");
        var point = Secp256k1.TryDecode(bytes[..Secp256k1.CompressedLength])
            ?? throw new MalformedMessageException("evidence.ecdhPoint", "not a valid compressed secp256k1 point");
        DleqProof proof;
        try
        {
            proof = DleqProof.Parse(bytes[Secp256k1.CompressedLength..]);
        }
        catch (FormatException e)
        {
            throw new MalformedMessageException("evidence.proof", e.Message, e);
        }
        return new ComplaintEvidence(point, proof);
    }
}
