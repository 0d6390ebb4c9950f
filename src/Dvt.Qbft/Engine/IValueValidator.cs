using Dvt.Qbft.Messages;

namespace Dvt.Qbft.Engine;

/// <summary>
/// QBFT's external validity predicate: whether this holder accepts a proposed value for an instance (its slot
/// and committee index match the duty, its own beacon node's data agrees where it has one, the slashing database
/// does not hold it slashable). Runs inside the engine, so it must not do I/O: the caller fetches what it
/// compares against before starting the instance.
/// </summary>
public interface IValueValidator
{
    ValueJudgement Judge(InstanceId instance, ReadOnlySpan<byte> value);
}

/// <summary>A holder's verdict on a proposed value.</summary>
public abstract record ValueJudgement
{
    private ValueJudgement() { }

    public static readonly ValueJudgement Valid = new Accepted();

    public sealed record Accepted : ValueJudgement;

    public sealed record Refused(string Reason) : ValueJudgement;
}
