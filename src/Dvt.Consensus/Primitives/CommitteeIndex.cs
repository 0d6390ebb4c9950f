using System.Globalization;
using System.Text.Json.Serialization;
using Dvt.Consensus.Json;

namespace Dvt.Consensus.Primitives;

/// <summary>A committee's index within a slot (uint64).</summary>
[JsonConverter(typeof(DecimalStringJsonConverter<CommitteeIndex>))]
public readonly record struct CommitteeIndex(ulong Value) : IUInt64Value<CommitteeIndex>, IComparable<CommitteeIndex>
{
    public static CommitteeIndex FromUInt64(ulong value) => new(value);

    public int CompareTo(CommitteeIndex other) => Value.CompareTo(other.Value);

    public static bool operator <(CommitteeIndex left, CommitteeIndex right) => left.Value < right.Value;
    public static bool operator >(CommitteeIndex left, CommitteeIndex right) => left.Value > right.Value;
    public static bool operator <=(CommitteeIndex left, CommitteeIndex right) => left.Value <= right.Value;
    public static bool operator >=(CommitteeIndex left, CommitteeIndex right) => left.Value >= right.Value;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
