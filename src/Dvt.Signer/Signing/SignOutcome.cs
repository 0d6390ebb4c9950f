using Dvt.Crypto.Bls;

namespace Dvt.Signer.Signing;

/// <summary>
/// The result of one sign request: approved (200), denied by slashing protection (412), forbidden by the chain's
/// lifecycle rules (403) or failed (500, e.g. no quorum). A closed set, so every exit path of the endpoint maps to one status code and one metric label.
/// </summary>
public abstract record SignOutcome
{
    private SignOutcome()
    {
    }

    public sealed record Approved(BlsSignature Signature, SigningPath Path) : SignOutcome;

    /// <summary>Slashing protection refused (here or at a holder); <paramref name="Evidence"/> names the conflicting record.</summary>
    public sealed record Denied(string Evidence) : SignOutcome;

    /// <summary>The registry's state does not allow this lifecycle message (here or at a holder); <paramref name="Refusal"/> names the rule and the on-chain value.</summary>
    public sealed record Forbidden(string Refusal) : SignOutcome;

    /// <summary>No signature could be produced; <paramref name="Reason"/> says why (metric label) and <paramref name="Detail"/> what happened.</summary>
    public sealed record Failed(string Reason, string Detail) : SignOutcome;
}
