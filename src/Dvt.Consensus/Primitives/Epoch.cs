using System.Globalization;
using System.Text.Json.Serialization;
using Dvt.Consensus.Json;

namespace Dvt.Consensus.Primitives;

/// <summary>A beacon-chain epoch number (uint64).</summary>
[JsonConverter(typeof(DecimalStringJsonConverter<Epoch>))]
public readonly record struct Epoch(ulong Value) : IUInt64Value<Epoch>, IComparable<Epoch>
{
    public static Epoch FromUInt64(ulong value) => new(value);

    public int CompareTo(Epoch other) => Value.CompareTo(other.Value);

    public static bool operator <(Epoch left, Epoch right) => left.Value < right.Value;
    public static bool operator >(Epoch left, Epoch right) => left.Value > right.Value;
    public static bool operator <=(Epoch left, Epoch right) => left.Value <= right.Value;
    public static bool operator >=(Epoch left, Epoch right) => left.Value >= right.Value;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
