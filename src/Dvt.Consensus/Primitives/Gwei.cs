using System.Globalization;
using System.Text.Json.Serialization;
using Dvt.Consensus.Json;

namespace Dvt.Consensus.Primitives;

/// <summary>An amount of ether in gwei (uint64).</summary>
[JsonConverter(typeof(DecimalStringJsonConverter<Gwei>))]
public readonly record struct Gwei(ulong Value) : IUInt64Value<Gwei>, IComparable<Gwei>
{
    public static Gwei FromUInt64(ulong value) => new(value);

    public int CompareTo(Gwei other) => Value.CompareTo(other.Value);

    public static bool operator <(Gwei left, Gwei right) => left.Value < right.Value;
    public static bool operator >(Gwei left, Gwei right) => left.Value > right.Value;
    public static bool operator <=(Gwei left, Gwei right) => left.Value <= right.Value;
    public static bool operator >=(Gwei left, Gwei right) => left.Value >= right.Value;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
