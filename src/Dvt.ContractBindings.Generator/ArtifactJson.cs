using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Dvt.ContractBindings.Generator;

/// <summary>
/// A small JSON reader for forge artifacts: the generator targets netstandard2.0, where System.Text.Json
/// is not available to analyzers without shipping it. Nodes remember their text span so the ABI can be
/// embedded exactly as forge wrote it.
/// </summary>
internal sealed class ArtifactJson
{
    private readonly string text;
    private int position;

    private ArtifactJson(string text) => this.text = text;

    public static JsonNode Parse(string text)
    {
        var reader = new ArtifactJson(text);
        var node = reader.ReadValue();
        reader.SkipWhitespace();
        if (reader.position != text.Length)
            throw reader.Error("trailing text after the JSON value");
        return node;
    }

    private JsonNode ReadValue()
    {
        SkipWhitespace();
        if (position >= text.Length)
            throw Error("unexpected end of JSON");
        var start = position;
        var c = text[position];
        object? value;
        switch (c)
        {
            case '{': value = ReadObject(); break;
            case '[': value = ReadArray(); break;
            case '"': value = ReadString(); break;
            case 't': Expect("true"); value = true; break;
            case 'f': Expect("false"); value = false; break;
            case 'n': Expect("null"); value = null; break;
            default: value = ReadNumber(); break;
        }
        return new JsonNode(value, text, start, position);
    }

    private Dictionary<string, JsonNode> ReadObject()
    {
        var result = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        position++;
        SkipWhitespace();
        if (Peek() == '}')
        {
            position++;
            return result;
        }
        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"')
                throw Error("expected a property name");
            var name = ReadString();
            SkipWhitespace();
            if (Peek() != ':')
                throw Error("expected ':'");
            position++;
            result[name] = ReadValue();
            SkipWhitespace();
            var next = Peek();
            position++;
            if (next == '}')
                return result;
            if (next != ',')
                throw Error("expected ',' or '}'");
        }
    }

    private List<JsonNode> ReadArray()
    {
        var result = new List<JsonNode>();
        position++;
        SkipWhitespace();
        if (Peek() == ']')
        {
            position++;
            return result;
        }
        while (true)
        {
            result.Add(ReadValue());
            SkipWhitespace();
            var next = Peek();
            position++;
            if (next == ']')
                return result;
            if (next != ',')
                throw Error("expected ',' or ']'");
        }
    }

    private string ReadString()
    {
        position++;
        var builder = new StringBuilder();
        while (true)
        {
            if (position >= text.Length)
                throw Error("unterminated string");
            var c = text[position++];
            if (c == '"')
                return builder.ToString();
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }
            var escape = text[position++];
            switch (escape)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    builder.Append((char)int.Parse(text.Substring(position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    position += 4;
                    break;
                default: throw Error($"bad escape '\\{escape}'");
            }
        }
    }

    private string ReadNumber()
    {
        var start = position;
        while (position < text.Length && "+-0123456789.eE".IndexOf(text[position]) >= 0)
            position++;
        if (start == position)
            throw Error($"unexpected character '{text[position]}'");
        return text.Substring(start, position - start);
    }

    private void Expect(string word)
    {
        if (string.CompareOrdinal(text, position, word, 0, word.Length) != 0)
            throw Error($"expected '{word}'");
        position += word.Length;
    }

    private char Peek() => position < text.Length ? text[position] : '\0';

    private void SkipWhitespace()
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
            position++;
    }

    private FormatException Error(string problem) => new FormatException($"{problem} at offset {position}");
}

/// <summary>A parsed JSON value with its source span.</summary>
internal sealed class JsonNode
{
    private readonly string source;

    public JsonNode(object? value, string source, int start, int end)
    {
        Value = value;
        this.source = source;
        Start = start;
        End = end;
    }

    public object? Value { get; }

    public int Start { get; }

    public int End { get; }

    public string RawText => source.Substring(Start, End - Start);

    public JsonNode? this[string name] =>
        Value is Dictionary<string, JsonNode> o && o.TryGetValue(name, out var v) ? v : null;

    public IReadOnlyList<JsonNode> Items => Value as List<JsonNode> ?? new List<JsonNode>();

    public string? AsString => Value as string;

    public bool AsBool => Value is bool b && b;
}
