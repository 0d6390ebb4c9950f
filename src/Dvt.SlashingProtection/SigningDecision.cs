using Dvt.Consensus.Primitives;
namespace Dvt.SlashingProtection;

/// <summary>
/// The outcome of one check-and-record. A closed set: every refusal carries the evidence (the
/// conflicting record or the bound that was crossed). Only <see cref="Safe"/> and
/// <see cref="SafeRepeat"/> allow a signature; a signer must treat anything else as a refusal.
/// </summary>
public abstract record SigningDecision
{
    private SigningDecision()
    {
    }

    /// <summary>True for the two outcomes that allow signing.</summary>
    public abstract bool IsSafe { get; }

    /// <summary>Nothing conflicts; the request is now recorded.</summary>
    public sealed record Safe : SigningDecision
    {
        public override bool IsSafe => true;
    }

    /// <summary>The identical message (same known signing root) was recorded before; signing it again cannot be slashed.</summary>
    public sealed record SafeRepeat(ISignedRecord Existing) : SigningDecision
    {
        public override bool IsSafe => true;
    }

    /// <summary>A different block (or one whose root is unknown) is recorded at the same slot.</summary>
    public sealed record DoubleProposal(SignedBlockRecord Existing) : SigningDecision
    {
        public override bool IsSafe => false;
    }

    /// <summary>A different attestation (or one whose root is unknown) is recorded with the same target epoch.</summary>
    public sealed record DoubleVote(SignedAttestationRecord Existing) : SigningDecision
    {
        public override bool IsSafe => false;
    }

    /// <summary>The new attestation would surround a recorded one (new source &lt; its source, new target &gt; its target).</summary>
    public sealed record SurroundingVote(SignedAttestationRecord Existing) : SigningDecision
    {
        public override bool IsSafe => false;
    }

    /// <summary>A recorded attestation surrounds the new one (its source &lt; new source, its target &gt; new target).</summary>
    public sealed record SurroundedVote(SignedAttestationRecord Existing) : SigningDecision
    {
        public override bool IsSafe => false;
    }

    /// <summary>The request lies at or below a lower bound kept for the key (see <see cref="LowWatermark"/>).</summary>
    public sealed record BelowLowWatermark(LowWatermark Kind, ulong Watermark, ulong Requested) : SigningDecision
    {
        public override bool IsSafe => false;
    }

    /// <summary>An attestation whose source epoch is after its target epoch: never a valid vote.</summary>
    public sealed record InvalidSourceAfterTarget(Epoch Source, Epoch Target) : SigningDecision
    {
        public override bool IsSafe => false;
    }

    /// <summary>The key was never registered with this store: unknown keys fail closed.</summary>
    public sealed record UnknownValidator(ValidatorPublicKeyBytes PublicKey) : SigningDecision
    {
        public override bool IsSafe => false;
    }
}
