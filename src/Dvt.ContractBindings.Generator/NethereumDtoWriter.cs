using System.Collections.Generic;
using System.Linq;

namespace Dvt.ContractBindings.Generator;

/// <summary>
/// Writes the nested class Dto of a contract's bindings: Nethereum Function, FunctionOutput, Event, Error and struct
/// DTOs, one per ABI entry, so Nethereum does the ABI encoding and decoding. The typed methods, records and exceptions
/// the rest of the code calls convert to and from these.
/// </summary>
internal sealed class NethereumDtoWriter
{
    private const string Attributes = "global::Nethereum.ABI.FunctionEncoding.Attributes";
    private readonly BindingWriter owner;

    public NethereumDtoWriter(BindingWriter owner) => this.owner = owner;

    public void Write()
    {
        owner.EmitLine();
        owner.EmitLine("/// <summary>Nethereum DTOs generated from the artifact: Nethereum encodes calls and decodes outputs, events and errors with them.</summary>");
        owner.EmitLine("public static class Dto");
        owner.EmitOpen();
        foreach (var function in owner.Entries.Where(e => e.Kind == "function"))
        {
            Class($"[{Attributes}.Function({Lit(function.Name)})]", owner.DtoFunctionName(function), "global::Nethereum.Contracts.FunctionMessage", function.Inputs, indexed: false);
            if (function.Outputs.Count > 0)
                Class($"[{Attributes}.FunctionOutput]", owner.DtoOutputName(function), $"{Attributes}.IFunctionOutputDTO", function.Outputs, indexed: false);
        }
        foreach (var e in owner.Entries.Where(e => e.Kind == "event" && !e.Anonymous))
            Class($"[{Attributes}.Event({Lit(e.Name)})]", BindingWriter.DtoEventName(e), $"{Attributes}.IEventDTO", e.Inputs, indexed: true);
        foreach (var e in owner.Entries.Where(e => e.Kind == "error"))
            Class($"[{Attributes}.Error({Lit(e.Name)})]", BindingWriter.DtoErrorName(e), null, e.Inputs, indexed: false);
        foreach (var record in owner.TupleRecords)
            Class(null, record.Key + "Struct", null, record.Value.Components, indexed: false);
        owner.EmitClose();
    }

    /// <summary>The type name Nethereum's Parameter attribute takes: "tuple" (with suffixes) for structs; bytes32 for an indexed dynamic value (its topic is the hash).</summary>
    public static string AbiTypeName(AbiParam p) => p.IsTuple ? "tuple" + p.ArraySuffix : p.Type;

    private void Class(string? attribute, string name, string? baseType, IReadOnlyList<AbiParam> parameters, bool indexed)
    {
        var props = BindingWriter.DtoPropertyNames(parameters);
        owner.EmitLine();
        if (attribute is not null)
            owner.EmitLine(attribute);
        owner.EmitLine($"public sealed class {name}{(baseType is null ? string.Empty : " : " + baseType)}");
        owner.EmitOpen();
        for (var i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            var hashedTopic = indexed && p.Indexed && p.IsDynamicValueType;
            var type = hashedTopic ? "bytes32" : AbiTypeName(p);
            var csType = hashedTopic ? "byte[]" : owner.DtoType(p);
            var indexedArg = indexed ? ", " + (p.Indexed ? "true" : "false") : string.Empty;
            owner.EmitLine($"[{Attributes}.Parameter({Lit(type)}, {Lit(p.Name)}, {i + 1}{indexedArg})]");
            owner.EmitLine($"public {csType} {props[i]} {{ get; set; }} = default!;");
            if (i + 1 < parameters.Count)
                owner.EmitLine();
        }
        owner.EmitClose();
    }

    private static string Lit(string text) => CSharpNames.Literal(text);
}
