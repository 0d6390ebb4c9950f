using Dvt.Consensus.Primitives;
using System.Numerics;
using System.Security.Cryptography;
using Dvt.ContractBindings.Signing;
using Dvt.Qbft.Messages;
using Dvt.Qbft.Signing;

namespace Dvt.Qbft.RegistryKeys;

/// <summary>
/// Signs QBFT messages with this operator's registered Ethereum key: low-s secp256k1 r || s, made by the platform
/// (OpenSSL's secp256k1, several times faster than the managed implementation).
/// </summary>
public sealed class OperatorKeyMessageSigner : IMessageSigner, IDisposable
{
    private readonly ECDsa _platformKey;

    public OperatorKeyMessageSigner(OperatorId operatorId, EthereumPrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Operator = operatorId;
        var publicKey = key.PublicKey;
        var secret = key.ExportSecret();
        try
        {
            _platformKey = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.CreateFromValue("1.3.132.0.10"), // secp256k1
                D = secret,
                Q = new ECPoint { X = publicKey[..32], Y = publicKey[32..] },
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    public OperatorId Operator { get; }

    public MessageSignature Sign(Sha256Digest digest)
    {
        var rs = _platformKey.SignHash(digest.AsSpan().ToArray(), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var s = new BigInteger(rs.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        if (s > Secp256k1.HalfOrder)
        {
            // EIP-2 low s: the verifier refuses the high half, so every signature has one encoding.
            var low = (Secp256k1.Order - s).ToByteArray(isUnsigned: true, isBigEndian: true);
            Array.Clear(rs, 32, 32);
            low.CopyTo(rs, 64 - low.Length);
        }
        return new MessageSignature(rs);
    }

    public void Dispose() => _platformKey.Dispose();
}
