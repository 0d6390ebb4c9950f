using Dvt.Consensus.Primitives;
using System.Globalization;
using System.Security.Cryptography;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Signing;
using Dvt.Signer.Directory;

namespace Dvt.Signer.Peer;

/// <summary>
/// Authenticates this operator's outgoing peer requests with its registered Ethereum key. It sits on every
/// request's critical path, so the signature comes from NBitcoin.Secp256k1 (libsecp256k1's algorithm: RFC 6979 nonce,
/// low s, and the recovery bit with it, where OpenSSL's signature needs a trial recovery to find it); the signature is
/// the usual r || s || v.
/// </summary>
public sealed class PeerRequestSigner : IDisposable
{
    private readonly NBitcoin.Secp256k1.ECPrivKey _signingKey;
    private readonly TimeProvider _time;

    public PeerRequestSigner(OperatorId localOperator, EthereumPrivateKey operatorKey, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(operatorKey);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        LocalOperator = localOperator;
        var secret = operatorKey.ExportSecret();
        try
        {
            if (!NBitcoin.Secp256k1.ECPrivKey.TryCreate(secret, out var signingKey) || signingKey is null)
                throw new ArgumentException("the operator key is not a valid secp256k1 secret", nameof(operatorKey));
            _signingKey = signingKey;
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

    public void Dispose() => _signingKey.Dispose();

    private EcdsaSignature Sign(byte[] digest)
    {
        if (!_signingKey.TrySignRecoverable(digest, out var signature) || signature is null)
            throw new CryptographicException("secp256k1 signing failed");
        Span<byte> compact = stackalloc byte[64];
        signature.WriteToSpanCompact(compact, out var recoveryId);
        return new EcdsaSignature(UInt256.FromBigEndian(compact[..32]), UInt256.FromBigEndian(compact[32..]), (byte)recoveryId);
    }
}
