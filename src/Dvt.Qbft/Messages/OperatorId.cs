using System.Globalization;

namespace Dvt.Qbft.Messages;

/// <summary>
/// A holder's operator id in the registry (from 1 upward), as QBFT messages name their sender.
/// </summary>
/// <remarks>
/// Dvt.Signer.Directory has a type of the same meaning; this one lives here because Dvt.Qbft must not depend
/// on the signer. When the signer is rewritten it should take this one (or both move to a shared primitives project).
/// </remarks>
public readonly record struct OperatorId : IComparable<OperatorId>
{
    public OperatorId(ulong value)
    {
        if (value == 0)
            throw new ArgumentOutOfRangeException(nameof(value), value, "operator id 0 is not an operator (ids start at 1)");
        Value = value;
    }

    public ulong Value { get; }

    public int CompareTo(OperatorId other) => Value.CompareTo(other.Value);

    public override string ToString() => "operator " + Value.ToString(CultureInfo.InvariantCulture);
}
