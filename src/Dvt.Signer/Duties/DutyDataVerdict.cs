namespace Dvt.Signer.Duties;

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
