using System;
using System.Collections.Generic;
using System.Linq;

namespace Dvt.ContractBindings.Generator;

/// <summary>The parts of a forge artifact the bindings need: name, ABI (parsed and verbatim) and creation bytecode.</summary>
internal sealed class ContractArtifact
{
    private ContractArtifact(string path, string name, string abiJson, IReadOnlyList<AbiEntry> entries, string bytecode)
    {
        Path = path;
        Name = name;
        AbiJson = abiJson;
        Entries = entries;
        Bytecode = bytecode;
        Signatures = entries
            .Where(e => e.Kind is "function" or "event" or "error" or "constructor")
            .Select(e => e.Kind == "constructor" ? "constructor(" + string.Join(",", e.Inputs.Select(i => i.Canonical)) + ")" : e.Kind + " " + e.Signature)
            // A contract without an explicit constructor has the implicit one without arguments.
            .Concat(entries.Any(e => e.Kind == "constructor") ? Array.Empty<string>() : new[] { "constructor()" })
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToArray();
    }

    public string Path { get; }

    public string Name { get; }

    public string AbiJson { get; }

    public IReadOnlyList<AbiEntry> Entries { get; }

    public string Bytecode { get; }

    public IReadOnlyList<string> Signatures { get; }

    public static ContractArtifact Parse(string path, string text)
    {
        var root = ArtifactJson.Parse(text);
        var abi = root["abi"] ?? throw new FormatException("the artifact has no \"abi\"");
        var bytecode = root["bytecode"]?["object"]?.AsString ?? throw new FormatException("the artifact has no bytecode.object");
        if (bytecode.Contains("__$"))
            throw new FormatException("the bytecode has unlinked library placeholders");
        if (!bytecode.StartsWith("0x", StringComparison.Ordinal))
            bytecode = "0x" + bytecode;
        var name = System.IO.Path.GetFileNameWithoutExtension(path);
        return new ContractArtifact(path, name, abi.RawText, abi.Items.Select(AbiEntry.FromJson).ToArray(), bytecode);
    }
}
