namespace Dvt.SlashingProtection;

/// <summary>A beacon-chain slot number. Distinct from <see cref="Epoch"/> so the two are never mixed up.</summary>
public readonly record struct Slot(ulong Value) : IComparable<Slot>
{
    public int CompareTo(Slot other) => Value.CompareTo(other.Value);

    public static bool operator <(Slot a, Slot b) => a.Value < b.Value;
    public static bool operator >(Slot a, Slot b) => a.Value > b.Value;
    public static bool operator <=(Slot a, Slot b) => a.Value <= b.Value;
    public static bool operator >=(Slot a, Slot b) => a.Value >= b.Value;

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
