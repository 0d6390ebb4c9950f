using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Dvt.ContractBindings.Generator;

/// <summary>Turns Solidity identifiers into valid, conventional C# names.</summary>
internal static class CSharpNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while", "value", "block", "ct",
    };

    public static string Pascal(string name)
    {
        var clean = Clean(name);
        return clean.Length == 0 ? clean : char.ToUpperInvariant(clean[0]) + clean.Substring(1);
    }

    public static string Camel(string name)
    {
        var clean = Clean(name);
        if (clean.Length == 0)
            return clean;
        var camel = char.ToLowerInvariant(clean[0]) + clean.Substring(1);
        return Keywords.Contains(camel) ? "@" + camel : camel;
    }

    /// <summary>Names for a parameter list: empty names become item{i}; duplicates and reserved names get a suffix.</summary>
    public static IReadOnlyList<string> Unique(IEnumerable<string> names, Func<string, string> style, ISet<string> reserved)
    {
        var used = new HashSet<string>(reserved, StringComparer.Ordinal);
        var result = new List<string>();
        var i = 0;
        foreach (var raw in names)
        {
            var name = style(raw.Length == 0 ? "item" + i : raw);
            var candidate = name;
            var n = 2;
            while (!used.Add(candidate.TrimStart('@')))
                candidate = name + n++;
            result.Add(candidate);
            i++;
        }
        return result;
    }

    private static string Clean(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name.TrimEnd('_'))
        {
            if (char.IsLetterOrDigit(c) || c == '_')
                builder.Append(c);
        }
        var text = builder.ToString().Trim('_');
        if (text.Length > 0 && char.IsDigit(text[0]))
            text = "_" + text;
        // snake_case (the deposit contract's names) to PascalCase pieces.
        if (text.Contains("_"))
            text = string.Concat(text.Split('_').Where(p => p.Length > 0).Select((p, i) => i == 0 ? p : char.ToUpperInvariant(p[0]) + p.Substring(1)));
        return text;
    }

    public static string Literal(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    public static string Verbatim(string text) => "@\"" + text.Replace("\"", "\"\"") + "\"";
}
