namespace Dvt.ContractBindings.Rlp;

/// <summary>
/// Strict RLP decoding: refuses non-canonical forms (a single byte below 0x80 wrapped in a header,
/// long forms for short payloads, length prefixes with leading zeros), truncation and trailing bytes.
/// </summary>
public static class RlpDecoder
{
    private const int MaxDepth = 64;

    public static RlpItem Decode(ReadOnlyMemory<byte> input)
    {
        var position = 0;
        var item = ReadItem(input, ref position, 0);
        if (position != input.Length)
            throw new RlpException($"{input.Length - position} trailing bytes after the RLP item");
        return item;
    }

    private static RlpItem ReadItem(ReadOnlyMemory<byte> input, ref int position, int depth)
    {
        if (depth > MaxDepth)
            throw new RlpException($"RLP nesting deeper than {MaxDepth}");
        var span = input.Span;
        if (position >= span.Length)
            throw new RlpException($"RLP input ends at offset {position} where an item was expected");
        var prefix = span[position];
        if (prefix < 0x80)
        {
            position++;
            return RlpItem.String(input.Slice(position - 1, 1));
        }
        if (prefix < 0xc0)
        {
            var (start, length) = ReadLength(span, ref position, 0x80);
            if (length == 1 && span[start] < 0x80)
                throw new RlpException($"non-canonical RLP at offset {start - 1}: single byte below 0x80 must not carry a header");
            position = start + length;
            return RlpItem.String(input.Slice(start, length));
        }
        var (listStart, listLength) = ReadLength(span, ref position, 0xc0);
        var end = listStart + listLength;
        var items = new List<RlpItem>();
        position = listStart;
        while (position < end)
            items.Add(ReadItem(input[..end], ref position, depth + 1));
        return RlpItem.List(items);
    }

    private static (int Start, int Length) ReadLength(ReadOnlySpan<byte> span, ref int position, byte offset)
    {
        var prefix = span[position];
        var at = position;
        int length;
        int start;
        if (prefix <= offset + 55)
        {
            length = prefix - offset;
            start = position + 1;
        }
        else
        {
            var lengthOfLength = prefix - offset - 55;
            if (lengthOfLength > 4)
                throw new RlpException($"RLP length at offset {at} takes {lengthOfLength} bytes: too large");
            if (position + 1 + lengthOfLength > span.Length)
                throw new RlpException($"RLP length at offset {at} is truncated");
            if (span[position + 1] == 0)
                throw new RlpException($"non-canonical RLP at offset {at}: length has a leading zero");
            long value = 0;
            for (var i = 0; i < lengthOfLength; i++)
                value = (value << 8) | span[position + 1 + i];
            if (value < 56)
                throw new RlpException($"non-canonical RLP at offset {at}: long form used for a length of {value}");
            if (value > int.MaxValue)
                throw new RlpException($"RLP length at offset {at} is too large");
            length = (int)value;
            start = position + 1 + lengthOfLength;
        }
        if ((long)start + length > span.Length)
            throw new RlpException($"RLP item at offset {at} claims {length} bytes but only {span.Length - start} remain");
        return (start, length);
    }
}
