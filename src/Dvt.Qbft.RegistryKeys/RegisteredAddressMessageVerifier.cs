using Dvt.Consensus.Primitives;
using System.Collections.Concurrent;
using System.Numerics;
using System.Security.Cryptography;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Signing;
using Dvt.Qbft.Messages;
using Dvt.Qbft.Signing;

namespace Dvt.Qbft.RegistryKeys;

/// <summary>
/// Checks a QBFT message signature against the address the registry records for its sender. The first valid
/// signature of an address is checked by recovering its public key (both y parities tried; the key must hash to the
/// address); the key is then kept and later signatures are verified by the platform directly. Refuses high s.
/// </summary>
public sealed class RegisteredAddressMessageVerifier(Func<OperatorId, Address?> registeredAddress) : IMessageVerifier, IDisposable
{
    private readonly ConcurrentDictionary<Address, ECDsa> _knownKeys = new();

    public bool IsSignedBy(OperatorId signer, Sha256Digest digest, MessageSignature signature)
    {
        if (registeredAddress(signer) is not { } address)
            return false;
        var rsv = signature.AsSpan();
        var s = new BigInteger(rsv.Slice(32, 32), isUnsigned: true, isBigEndian: true);
        var r = new BigInteger(rsv[..32], isUnsigned: true, isBigEndian: true);
        if (r.IsZero || r >= Secp256k1.Order || s.IsZero || s > Secp256k1.HalfOrder)
            return false;
        if (_knownKeys.TryGetValue(address, out var known))
            return known.VerifyHash(digest.AsSpan(), rsv[..64], DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        byte[]? publicKey = null;
        for (byte parity = 0; parity < 2 && publicKey is null; parity++)
        {
            var candidate = Secp256k1.TryRecoverPublicKey(digest.AsSpan(),
                new EcdsaSignature(UInt256.FromBigEndian(rsv[..32]), UInt256.FromBigEndian(rsv.Slice(32, 32)), parity));
            if (candidate is not null && Secp256k1.AddressOf(candidate) == address)
                publicKey = candidate;
        }
        if (publicKey is null)
            return false;
        var platformKey = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.CreateFromValue("1.3.132.0.10"),
            Q = new ECPoint { X = publicKey[..32], Y = publicKey[32..] },
        });
        if (!_knownKeys.TryAdd(address, platformKey))
            platformKey.Dispose();
        return true;
    }

    public void Dispose()
    {
        foreach (var key in _knownKeys.Values)
            key.Dispose();
        _knownKeys.Clear();
    }
}
