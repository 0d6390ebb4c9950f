namespace Dvt.ContractBindings;

/// <summary>A block height. Kept apart from other integers so a nonce or a count cannot be passed for it.</summary>
public readonly record struct BlockNumber(ulong Value) : IComparable<BlockNumber>
{
    public static BlockNumber Parse(string quantity, string field = "blockNumber") => new(Hex.DecodeQuantityUInt64(quantity, field));

    public string ToQuantity() => Hex.EncodeQuantity(Value);

    public int CompareTo(BlockNumber other) => Value.CompareTo(other.Value);

    public static bool operator <(BlockNumber a, BlockNumber b) => a.Value < b.Value;

    public static bool operator >(BlockNumber a, BlockNumber b) => a.Value > b.Value;

    public static bool operator <=(BlockNumber a, BlockNumber b) => a.Value <= b.Value;

    public static bool operator >=(BlockNumber a, BlockNumber b) => a.Value >= b.Value;

    public static BlockNumber operator +(BlockNumber a, ulong n) => new(checked(a.Value + n));

    public static BlockNumber operator -(BlockNumber a, ulong n) => new(checked(a.Value - n));

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
