namespace Dvt.Signer.Directory;

/// <summary>An operator's id in the registry (assigned from 1 upward; 0 means none).</summary>
public readonly record struct OperatorId
{
    public OperatorId(ulong value)
    {
        if (value == 0)
            throw new ArgumentOutOfRangeException(nameof(value), value, "operator id 0 is not an operator (ids start at 1)");
        Value = value;
    }

    public ulong Value { get; }

    public override string ToString() => $"operator {Value}";
}
