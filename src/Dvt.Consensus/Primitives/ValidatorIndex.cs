using System.Globalization;
using System.Text.Json.Serialization;
using Dvt.Consensus.Json;

namespace Dvt.Consensus.Primitives;

/// <summary>A validator's index in the beacon state's registry (uint64).</summary>
[JsonConverter(typeof(DecimalStringJsonConverter<ValidatorIndex>))]
public readonly record struct ValidatorIndex(ulong Value) : IUInt64Value<ValidatorIndex>, IComparable<ValidatorIndex>
{
    public static ValidatorIndex FromUInt64(ulong value) => new(value);

    public int CompareTo(ValidatorIndex other) => Value.CompareTo(other.Value);

    public static bool operator <(ValidatorIndex left, ValidatorIndex right) => left.Value < right.Value;
    public static bool operator >(ValidatorIndex left, ValidatorIndex right) => left.Value > right.Value;
    public static bool operator <=(ValidatorIndex left, ValidatorIndex right) => left.Value <= right.Value;
    public static bool operator >=(ValidatorIndex left, ValidatorIndex right) => left.Value >= right.Value;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
