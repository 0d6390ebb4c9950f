namespace Dvt.ContractBindings.Rlp;

/// <summary>A decoded RLP value: either a byte string or a list of items.</summary>
public sealed class RlpItem
{
    private RlpItem(ReadOnlyMemory<byte> bytes, IReadOnlyList<RlpItem>? items)
    {
        Bytes = bytes;
        Items = items ?? [];
        IsList = items is not null;
    }

    public bool IsList { get; }

    public ReadOnlyMemory<byte> Bytes { get; }

    public IReadOnlyList<RlpItem> Items { get; }

    public static RlpItem String(ReadOnlyMemory<byte> bytes) => new(bytes, null);

    public static RlpItem List(IReadOnlyList<RlpItem> items) => new(ReadOnlyMemory<byte>.Empty, items);

    /// <summary>Reads this string as a canonical unsigned integer (no leading zero byte).</summary>
    public UInt256 AsUInt256(string field)
    {
        if (IsList)
            throw new RlpException($"{field}: expected an integer, found a list");
        var span = Bytes.Span;
        if (span.Length > 32)
            throw new RlpException($"{field}: integer longer than 32 bytes");
        if (span.Length > 0 && span[0] == 0)
            throw new RlpException($"{field}: integer has a leading zero byte");
        return UInt256.FromBigEndian(span);
    }

    public ulong AsUInt64(string field)
    {
        var value = AsUInt256(field);
        if (value.Value > ulong.MaxValue)
            throw new RlpException($"{field}: integer does not fit in 64 bits");
        return (ulong)value;
    }

    public byte[] AsBytes(string field) =>
        IsList ? throw new RlpException($"{field}: expected a byte string, found a list") : Bytes.ToArray();

    public IReadOnlyList<RlpItem> AsList(string field, int expectedCount)
    {
        if (!IsList)
            throw new RlpException($"{field}: expected a list, found a byte string");
        if (expectedCount >= 0 && Items.Count != expectedCount)
            throw new RlpException($"{field}: expected {expectedCount} items, found {Items.Count}");
        return Items;
    }
}
