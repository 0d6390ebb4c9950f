using System.Globalization;
using System.Text.Json.Serialization;
using Dvt.Consensus.Json;

namespace Dvt.Consensus.Primitives;

/// <summary>A beacon-chain slot number (uint64).</summary>
[JsonConverter(typeof(DecimalStringJsonConverter<Slot>))]
public readonly record struct Slot(ulong Value) : IUInt64Value<Slot>, IComparable<Slot>
{
    public static Slot FromUInt64(ulong value) => new(value);

    public int CompareTo(Slot other) => Value.CompareTo(other.Value);

    public static bool operator <(Slot left, Slot right) => left.Value < right.Value;
    public static bool operator >(Slot left, Slot right) => left.Value > right.Value;
    public static bool operator <=(Slot left, Slot right) => left.Value <= right.Value;
    public static bool operator >=(Slot left, Slot right) => left.Value >= right.Value;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
