using Dvt.Consensus.Signing.Web3Signer;
using Dvt.Signer.Directory;

namespace Dvt.Signer.Duties;

/// <summary>
/// Whether a duty message carries the data the validator's holders decided for its duty (through QBFT). Asked by this
/// holder before it records or signs anything with its share, and by the owner before the recovery key: a holder
/// releases a partial for attestation, block, sync-committee or aggregate data only when it equals the decided value.
/// Lifecycle messages (deposit, exit, builder registration) and data-free messages (RANDAO, selection proofs) are not
/// duty data and always pass here; their own rules apply.
/// </summary>
public interface IDutyDataGate
{
    /// <summary>May wait (bounded by the duty's deadline) for a decision still being reached.</summary>
    Task<DutyDataVerdict> CheckAsync(ValidatorSigningSet set, SignRequest request, CancellationToken cancellationToken);
}

/// <summary>The gate's answer: the message is the decided value (or no decision applies to it), or why not.</summary>
public abstract record DutyDataVerdict
{
    private DutyDataVerdict()
    {
    }

    public static readonly DutyDataVerdict Allowed = new Decided();

    public sealed record Decided : DutyDataVerdict;

    /// <summary>Nothing decided for the duty yet, or the message differs from what was decided; names which.</summary>
    public sealed record NotDecided(string Reason) : DutyDataVerdict
    {
        public override string ToString() => Reason;
    }
}
