using System.Collections;

namespace Dvt.ContractBindings.Abi;

/// <summary>Human-readable text of decoded ABI values, for exception messages and logs.</summary>
public static class AbiValueText
{
    public static string Format(object? value) => value switch
    {
        null => "null",
        byte[] bytes => Hex.Encode(bytes),
        string s => "\"" + s + "\"",
        bool b => b ? "true" : "false",
        IList list => "[" + string.Join(", ", list.Cast<object?>().Select(Format)) + "]",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
