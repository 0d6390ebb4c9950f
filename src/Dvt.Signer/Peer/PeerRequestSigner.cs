using Dvt.Consensus.Primitives;
using System.Globalization;
using System.Security.Cryptography;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Signing;
using Dvt.Signer.Directory;

namespace Dvt.Signer.Peer;

/// <summary>
/// Authenticates this operator's outgoing peer requests with its registered Ethereum key. It sits on every
/// request's critical path, so the key is held for every signature (<see cref="Secp256k1SigningKey"/>: the recovery
/// bit comes with the signature, no trial recovery); the signature is the usual low-s r || s || v.
/// </summary>
public sealed class PeerRequestSigner : IDisposable
{
    private readonly Secp256k1SigningKey _signingKey;
    private readonly TimeProvider _time;

    public PeerRequestSigner(OperatorId localOperator, EthereumPrivateKey operatorKey, TimeProvider time)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        LocalOperator = localOperator;
        _signingKey = Secp256k1SigningKey.From(operatorKey);
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
        var signature = _signingKey.Sign(digest).ToRsv();
        return
        [
            new(PeerRequestHeaders.Operator, LocalOperator.Value.ToString(CultureInfo.InvariantCulture)),
            new(PeerRequestHeaders.Time, unixTime.ToString(CultureInfo.InvariantCulture)),
            new(PeerRequestHeaders.Nonce, Hex.Encode(nonce)),
            new(PeerRequestHeaders.Signature, Hex.Encode(signature)),
        ];
    }

    public void Dispose() => _signingKey.Dispose();
}
