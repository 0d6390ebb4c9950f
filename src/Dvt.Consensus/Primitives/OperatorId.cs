using System.Globalization;

namespace Dvt.Consensus.Primitives;

/// <summary>
/// An operator's id in the registry (assigned from 1 upward; 0 means none), as the signer's directory and QBFT
/// messages name a holder.
/// </summary>
/// <remarks>
/// Not a beacon-chain type; it lives here because Dvt.Consensus is the lowest project that both Dvt.Signer and
/// Dvt.Qbft reference, and a type is defined once.
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
