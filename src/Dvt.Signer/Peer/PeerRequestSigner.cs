using Dvt.Consensus.Primitives;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Signing;
using Dvt.Signer.Directory;

namespace Dvt.Signer.Peer;

/// <summary>
/// Authenticates this operator's outgoing peer requests with its registered Ethereum key. It sits on every
/// request's critical path, so the ECDSA signature comes from the platform (OpenSSL's secp256k1) and only the
/// recovery bit is found by trial recovery; the signature is the usual low-s r || s || v.
/// </summary>
public sealed class PeerRequestSigner : IDisposable
{
    private static readonly BigInteger Order = Secp256k1.Order;

    private readonly EthereumPrivateKey _key;
    private readonly ECDsa _platformKey;
    private readonly TimeProvider _time;

    public PeerRequestSigner(OperatorId localOperator, EthereumPrivateKey operatorKey, TimeProvider time)
    {
        _key = operatorKey ?? throw new ArgumentNullException(nameof(operatorKey));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        LocalOperator = localOperator;
        var secret = operatorKey.ExportSecret();
        try
        {
            var publicKey = operatorKey.PublicKey;
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

    public OperatorId LocalOperator { get; }

    /// <summary>The four authentication headers for one request to <paramref name="recipient"/>, with the current time and a fresh random nonce.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> CreateHeaders(OperatorId recipient, string method, string path, ReadOnlySpan<byte> body)
    {
        Span<byte> nonce = stackalloc byte[PeerRequestHeaders.NonceLength];
        RandomNumberGenerator.Fill(nonce);
        return CreateHeaders(recipient, method, path, body, (ulong)_time.GetUtcNow().ToUnixTimeSeconds(), nonce);
    }

    /// <summary>The headers for an explicit time and nonce (tests use it to build stale and replayed requests).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> CreateHeaders(
        OperatorId recipient, string method, string path, ReadOnlySpan<byte> body, ulong unixTime, ReadOnlySpan<byte> nonce)
    {
        var digest = PeerRequestDigest.Compute(LocalOperator, recipient, method, path, unixTime, nonce, body);
        var signature = Sign(digest).ToRsv();
        return
        [
            new(PeerRequestHeaders.Operator, LocalOperator.Value.ToString(CultureInfo.InvariantCulture)),
            new(PeerRequestHeaders.Time, unixTime.ToString(CultureInfo.InvariantCulture)),
            new(PeerRequestHeaders.Nonce, Hex.Encode(nonce)),
            new(PeerRequestHeaders.Signature, Hex.Encode(signature)),
        ];
    }

    public void Dispose() => _platformKey.Dispose();

    private EcdsaSignature Sign(byte[] digest)
    {
        var rs = _platformKey.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var r = UInt256.FromBigEndian(rs.AsSpan(0, 32));
        var s = new BigInteger(rs.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        if (s > Order / 2)
            s = Order - s; // EIP-2 low s, as ecrecover-style verifiers expect
        for (byte parity = 0; parity < 2; parity++)
        {
            var candidate = new EcdsaSignature(r, new UInt256(s), parity);
            if (Secp256k1.Recover(digest, candidate) == _key.Address)
                return candidate;
        }
        // Not reachable for a valid signature; the library's signer finds the bit itself.
        return _key.Sign(digest);
    }
}
