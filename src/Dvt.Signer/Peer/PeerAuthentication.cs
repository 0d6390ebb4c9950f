using Dvt.Signer.Directory;

namespace Dvt.Signer.Peer;

/// <summary>The result of checking a peer request's authentication: the asking operator, or a refusal with its status and reason.</summary>
public abstract record PeerAuthentication
{
    private PeerAuthentication()
    {
    }

    public sealed record Authenticated(OperatorPeer Asker) : PeerAuthentication;

    /// <summary>401: the request does not prove who sent it (missing, malformed, stale, replayed, bad signature).</summary>
    public sealed record Unauthenticated(string Reason) : PeerAuthentication;

    /// <summary>403: the sender is known to be someone not allowed to ask (unknown, inactive, address mismatch).</summary>
    public sealed record Forbidden(string Reason) : PeerAuthentication;
}
