using Dvt.Crypto.Threshold;

namespace Dvt.Signer.Signing;

/// <summary>What this holder did with a request for its partial signature.</summary>
public abstract record PartialResult
{
    private PartialResult()
    {
    }

    /// <summary>Recorded in slashing protection and signed with the share.</summary>
    public sealed record Signed(PartialSignature Partial) : PartialResult;

    /// <summary>Slashing protection refused; nothing was signed.</summary>
    public sealed record Refused(string Evidence) : PartialResult;

    /// <summary>The registry's state does not allow this lifecycle message; nothing was recorded or signed.</summary>
    public sealed record Forbidden(string Refusal) : PartialResult;

    /// <summary>Duty data the holders have not decided (nothing decided yet, or a different value); nothing was recorded or signed.</summary>
    public sealed record NotDecided(string Reason) : PartialResult;

    /// <summary>This operator holds no share of the validator (deleted, or never dealt).</summary>
    public sealed record NoShare(string Reason) : PartialResult;
}
