namespace Dvt.Signer.Peer;

/// <summary>The headers that authenticate a peer request (docs: src/Dvt.Signer/README.md, "Peer protocol").</summary>
public static class PeerRequestHeaders
{
    /// <summary>The asking operator's registry id, decimal.</summary>
    public const string Operator = "X-Dvt-Operator";

    /// <summary>Unix time in seconds, decimal.</summary>
    public const string Time = "X-Dvt-Time";

    /// <summary>16 random bytes as 0x hex, never reused within the clock-skew window.</summary>
    public const string Nonce = "X-Dvt-Nonce";

    /// <summary>r || s || v (65 bytes, 0x hex, v = 27 + y parity) by the operator's registered Ethereum key over <see cref="PeerRequestDigest"/>.</summary>
    public const string Signature = "X-Dvt-Signature";

    public const int NonceLength = 16;
}
