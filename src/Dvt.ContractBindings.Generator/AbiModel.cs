using System;
using System.Collections.Generic;
using System.Linq;

namespace Dvt.ContractBindings.Generator;

/// <summary>The generator's view of one ABI parameter: its JSON type and, for tuples, its components.</summary>
internal sealed class AbiParam
{
    public AbiParam(string name, string type, string? internalType, bool indexed, IReadOnlyList<AbiParam>? components)
    {
        Name = name;
        Type = type;
        InternalType = internalType;
        Indexed = indexed;
        Components = components ?? Array.Empty<AbiParam>();
    }

    public string Name { get; }

    /// <summary>The JSON type: "uint64", "bytes32[]", "tuple", "tuple[]".</summary>
    public string Type { get; }

    public string? InternalType { get; }

    public bool Indexed { get; }

    public IReadOnlyList<AbiParam> Components { get; }

    public bool IsTuple => Type.StartsWith("tuple", StringComparison.Ordinal);

    /// <summary>The array suffixes ("[]", "[2][]") after the base type.</summary>
    public string ArraySuffix
    {
        get
        {
            var open = Type.IndexOf('[');
            return open < 0 ? string.Empty : Type.Substring(open);
        }
    }

    public string BaseType
    {
        get
        {
            var open = Type.IndexOf('[');
            return open < 0 ? Type : Type.Substring(0, open);
        }
    }

    public string Canonical => IsTuple
        ? "(" + string.Join(",", Components.Select(c => c.Canonical)) + ")" + ArraySuffix
        : Type;

    /// <summary>The same parameter with one array level removed (the element type).</summary>
    public AbiParam Element()
    {
        var last = Type.LastIndexOf('[');
        return new AbiParam(Name, Type.Substring(0, last), InternalType, Indexed, Components);
    }

    public bool IsArray => Type.EndsWith("]", StringComparison.Ordinal);

    public bool IsDynamicValueType => BaseType is "bytes" or "string" || IsArray || IsTuple;

    public static AbiParam FromJson(JsonNode node)
    {
        var components = node["components"]?.Items.Select(FromJson).ToArray();
        return new AbiParam(
            node["name"]?.AsString ?? string.Empty,
            node["type"]?.AsString ?? throw new FormatException("ABI parameter without a type"),
            node["internalType"]?.AsString,
            node["indexed"]?.AsBool ?? false,
            components);
    }
}

/// <summary>One ABI entry (function, event, error or constructor).</summary>
internal sealed class AbiEntry
{
    public AbiEntry(string kind, string name, IReadOnlyList<AbiParam> inputs, IReadOnlyList<AbiParam> outputs, string stateMutability, bool anonymous)
    {
        Kind = kind;
        Name = name;
        Inputs = inputs;
        Outputs = outputs;
        StateMutability = stateMutability;
        Anonymous = anonymous;
    }

    public string Kind { get; }

    public string Name { get; }

    public IReadOnlyList<AbiParam> Inputs { get; }

    public IReadOnlyList<AbiParam> Outputs { get; }

    public string StateMutability { get; }

    public bool Anonymous { get; }

    public string Signature => Name + "(" + string.Join(",", Inputs.Select(i => i.Canonical)) + ")";

    public bool IsView => StateMutability is "view" or "pure";

    public bool IsPayable => StateMutability == "payable";

    public static AbiEntry FromJson(JsonNode node) => new(
        node["type"]?.AsString ?? "function",
        node["name"]?.AsString ?? string.Empty,
        node["inputs"]?.Items.Select(AbiParam.FromJson).ToArray() ?? Array.Empty<AbiParam>(),
        node["outputs"]?.Items.Select(AbiParam.FromJson).ToArray() ?? Array.Empty<AbiParam>(),
        node["stateMutability"]?.AsString ?? "nonpayable",
        node["anonymous"]?.AsBool ?? false);
}
