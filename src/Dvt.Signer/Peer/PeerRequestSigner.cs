using System.Globalization;
using System.Security.Cryptography;
using Dvt.ContractBindings.Signing;
using Dvt.Signer.Directory;

namespace Dvt.Signer.Peer;

/// <summary>Authenticates this operator's outgoing peer requests with its registered Ethereum key.</summary>
public sealed class PeerRequestSigner(OperatorId localOperator, EthereumPrivateKey operatorKey, TimeProvider time)
{
    private readonly EthereumPrivateKey _key = operatorKey ?? throw new ArgumentNullException(nameof(operatorKey));
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    public OperatorId LocalOperator { get; } = localOperator;

    /// <summary>The four authentication headers for one request, with the current time and a fresh random nonce.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> CreateHeaders(string method, string path, ReadOnlySpan<byte> body)
    {
        Span<byte> nonce = stackalloc byte[PeerRequestHeaders.NonceLength];
        RandomNumberGenerator.Fill(nonce);
        return CreateHeaders(method, path, body, (ulong)_time.GetUtcNow().ToUnixTimeSeconds(), nonce);
    }

    /// <summary>The headers for an explicit time and nonce (tests use it to build stale and replayed requests).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> CreateHeaders(
        string method, string path, ReadOnlySpan<byte> body, ulong unixTime, ReadOnlySpan<byte> nonce)
    {
        var digest = PeerRequestDigest.Compute(LocalOperator, method, path, unixTime, nonce, body);
        var signature = _key.Sign(digest).ToRsv();
        return
        [
            new(PeerRequestHeaders.Operator, LocalOperator.Value.ToString(CultureInfo.InvariantCulture)),
            new(PeerRequestHeaders.Time, unixTime.ToString(CultureInfo.InvariantCulture)),
            new(PeerRequestHeaders.Nonce, HexText.Encode(nonce)),
            new(PeerRequestHeaders.Signature, HexText.Encode(signature)),
        ];
    }
}
