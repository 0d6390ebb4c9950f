using System.Globalization;

namespace Dvt.ContractBindings.Abi;

/// <summary>
/// A Solidity ABI type. Parsed from canonical type strings ("uint64", "bytes32[]", "(address,bytes)[2]")
/// or from JSON ABI parameters (type "tuple[]" with components). Immutable; share instances freely.
/// </summary>
public abstract class AbiType
{
    /// <summary>The canonical name used in signatures: "uint256", "(uint64,bytes)[]".</summary>
    public abstract string CanonicalName { get; }

    /// <summary>True when the encoding has a variable length (encoded in the tail, referenced by an offset).</summary>
    public abstract bool IsDynamic { get; }

    /// <summary>Bytes the type takes in the head of an enclosing tuple: 32 for dynamic types.</summary>
    public abstract int HeadSize { get; }

    public override string ToString() => CanonicalName;

    public static AbiType Parse(string canonical)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        var position = 0;
        var type = ParseAt(canonical, ref position);
        if (position != canonical.Length)
            throw new FormatException($"ABI type '{canonical}': unexpected text at offset {position}");
        return type;
    }

    /// <summary>Builds a type from a JSON ABI parameter's "type" and its "components" (for tuples).</summary>
    public static AbiType FromJson(string type, IReadOnlyList<AbiParameter>? components)
    {
        if (!type.StartsWith("tuple", StringComparison.Ordinal))
            return Parse(type);
        if (components is null)
            throw new FormatException($"ABI type '{type}' has no components");
        AbiType result = new AbiTupleType(components);
        return ApplyArraySuffixes(result, type, "tuple".Length);
    }

    private static AbiType ParseAt(string text, ref int position)
    {
        AbiType baseType;
        if (position < text.Length && text[position] == '(')
        {
            position++;
            var elements = new List<AbiParameter>();
            if (position < text.Length && text[position] == ')')
            {
                position++;
            }
            else
            {
                while (true)
                {
                    elements.Add(new AbiParameter(string.Empty, ParseAt(text, ref position)));
                    if (position >= text.Length)
                        throw new FormatException($"ABI type '{text}': unclosed tuple");
                    if (text[position] == ',')
                    {
                        position++;
                        continue;
                    }
                    if (text[position] == ')')
                    {
                        position++;
                        break;
                    }
                    throw new FormatException($"ABI type '{text}': unexpected '{text[position]}' at offset {position}");
                }
            }
            baseType = new AbiTupleType(elements);
        }
        else
        {
            var start = position;
            while (position < text.Length && char.IsAsciiLetterOrDigit(text[position]))
                position++;
            baseType = Elementary(text[start..position], text);
        }
        var suffixStart = position;
        while (position < text.Length && text[position] == '[')
        {
            var close = text.IndexOf(']', position);
            if (close < 0)
                throw new FormatException($"ABI type '{text}': unclosed '['");
            position = close + 1;
        }
        return ApplyArraySuffixes(baseType, text[..position], suffixStart);
    }

    private static AbiType ApplyArraySuffixes(AbiType element, string text, int from)
    {
        var position = from;
        while (position < text.Length)
        {
            if (text[position] != '[')
                throw new FormatException($"ABI type '{text}': unexpected '{text[position]}' at offset {position}");
            var close = text.IndexOf(']', position);
            if (close < 0)
                throw new FormatException($"ABI type '{text}': unclosed '['");
            var inside = text[(position + 1)..close];
            if (inside.Length == 0)
            {
                element = new AbiArrayType(element, null);
            }
            else
            {
                if (!int.TryParse(inside, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length <= 0 || inside[0] == '0')
                    throw new FormatException($"ABI type '{text}': bad array length '{inside}'");
                element = new AbiArrayType(element, length);
            }
            position = close + 1;
        }
        return element;
    }

    private static AbiType Elementary(string name, string whole)
    {
        switch (name)
        {
            case "address": return AbiAddressType.Instance;
            case "bool": return AbiBoolType.Instance;
            case "string": return AbiStringType.Instance;
            case "bytes": return AbiBytesType.Instance;
            case "uint": return new AbiIntegerType(256, false);
            case "int": return new AbiIntegerType(256, true);
        }
        if (name.StartsWith("uint", StringComparison.Ordinal))
            return new AbiIntegerType(Bits(name[4..], whole), false);
        if (name.StartsWith("int", StringComparison.Ordinal))
            return new AbiIntegerType(Bits(name[3..], whole), true);
        if (name.StartsWith("bytes", StringComparison.Ordinal))
        {
            if (!int.TryParse(name[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size is < 1 or > 32 || name[5] == '0')
                throw new FormatException($"ABI type '{whole}': bytesN needs 1 <= N <= 32, got '{name}'");
            return new AbiFixedBytesType(size);
        }
        throw new FormatException($"ABI type '{whole}': unknown type '{name}'");
    }

    private static int Bits(string digits, string whole)
    {
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) || bits is < 8 or > 256 || bits % 8 != 0 || digits[0] == '0')
            throw new FormatException($"ABI type '{whole}': integer width must be a multiple of 8 in 8..256, got '{digits}'");
        return bits;
    }
}
