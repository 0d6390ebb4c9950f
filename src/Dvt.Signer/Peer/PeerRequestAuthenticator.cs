using Dvt.Consensus.Primitives;
using System.Globalization;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Signing;
using Dvt.Signer.Directory;
using Microsoft.AspNetCore.Http;

namespace Dvt.Signer.Peer;

/// <summary>
/// Checks who sent a peer request: the four headers parse, the time is within the skew and not before this process
/// started, the signature over <see cref="PeerRequestDigest"/> (which names this operator as the recipient) recovers
/// to the registered address of an active operator, and the nonce (its decoded bytes, however the hex is written) is
/// new. The nonce is recorded only after the signature checks, so nobody can burn another operator's nonces.
/// </summary>
/// <remarks>
/// The replay cache lives in memory: a request signed before this process started may already have been answered by
/// the previous process, whose cache is gone, so such requests are refused (askers sign each request afresh, so an
/// honest one is never refused for long).
/// </remarks>
public sealed class PeerRequestAuthenticator(OperatorId localOperator, IOperatorDirectory operators, TimeProvider time, TimeSpan clockSkew)
{
    /// <summary>9999-12-31T23:59:59Z, the last second a DateTimeOffset holds.</summary>
    private const ulong LatestUnixTime = 253_402_300_799;

    private readonly NonceReplayCache _nonces = new(time, clockSkew);

    /// <summary>The first second in which this process may have accepted a request; nothing signed before it is accepted.</summary>
    private readonly long _startedAt = time.GetUtcNow().ToUnixTimeSeconds();

    public PeerAuthentication Authenticate(IHeaderDictionary headers, string method, string path, ReadOnlySpan<byte> body)
    {
        if (!TryHeader(headers, PeerRequestHeaders.Operator, out var operatorText)
            || !ulong.TryParse(operatorText, NumberStyles.None, CultureInfo.InvariantCulture, out var operatorValue) || operatorValue == 0)
            return new PeerAuthentication.Unauthenticated($"header {PeerRequestHeaders.Operator} is missing or not an operator id");
        if (!TryHeader(headers, PeerRequestHeaders.Time, out var timeText)
            || !ulong.TryParse(timeText, NumberStyles.None, CultureInfo.InvariantCulture, out var unixTime) || unixTime > LatestUnixTime)
            return new PeerAuthentication.Unauthenticated($"header {PeerRequestHeaders.Time} is missing or not unix seconds");
        if (!TryHeader(headers, PeerRequestHeaders.Nonce, out var nonceText)
            || !Hex.TryDecodeFixed(nonceText, PeerRequestHeaders.NonceLength, out var nonce))
            return new PeerAuthentication.Unauthenticated($"header {PeerRequestHeaders.Nonce} is missing or not 0x + {2 * PeerRequestHeaders.NonceLength} hex digits");
        if (!TryHeader(headers, PeerRequestHeaders.Signature, out var signatureText)
            || !Hex.TryDecodeFixed(signatureText, 65, out var rsv) || rsv[64] is not (27 or 28))
            return new PeerAuthentication.Unauthenticated($"header {PeerRequestHeaders.Signature} is missing or not a 65-byte r || s || v signature");

        var now = time.GetUtcNow();
        var requestTime = DateTimeOffset.FromUnixTimeSeconds((long)unixTime);
        if ((now - requestTime).Duration() > clockSkew)
            return new PeerAuthentication.Unauthenticated(
                $"request time {unixTime} is {(long)(now - requestTime).TotalSeconds} s from ours ({now.ToUnixTimeSeconds()}); at most {clockSkew.TotalSeconds} s allowed");

        if ((long)unixTime < _startedAt)
            return new PeerAuthentication.Unauthenticated(
                $"request time {unixTime} is before this process started ({_startedAt}): it may have been answered before a restart");

        var asker = new OperatorId(operatorValue);
        var peer = operators.Find(asker);
        if (peer is null)
            return new PeerAuthentication.Forbidden($"{asker} is not registered");
        if (!peer.Active)
            return new PeerAuthentication.Forbidden($"{asker} is not active");

        Address recovered;
        try
        {
            var digest = PeerRequestDigest.Compute(asker, localOperator, method, path, unixTime, nonce, body);
            var signature = new EcdsaSignature(UInt256.FromBigEndian(rsv.AsSpan(0, 32)), UInt256.FromBigEndian(rsv.AsSpan(32, 32)), (byte)(rsv[64] - 27));
            recovered = Secp256k1.Recover(digest, signature);
        }
        catch (ArgumentException e)
        {
            return new PeerAuthentication.Unauthenticated($"signature does not recover: {e.Message}");
        }
        if (recovered != peer.Owner)
            return new PeerAuthentication.Forbidden($"request signed by {recovered}, but {asker}'s registered address is {peer.Owner}");

        // Keyed by the bytes: "0xAB.." and "0xab.." are the same nonce.
        if (!_nonces.TryRecord(asker, nonce, requestTime))
            return new PeerAuthentication.Unauthenticated($"nonce {Hex.Encode(nonce)} from {asker} was already used (replayed request)");
        return new PeerAuthentication.Authenticated(peer);
    }

    private static bool TryHeader(IHeaderDictionary headers, string name, out string value)
    {
        value = headers.TryGetValue(name, out var values) && values.Count == 1 ? values[0] ?? "" : "";
        return value.Length > 0;
    }
}
