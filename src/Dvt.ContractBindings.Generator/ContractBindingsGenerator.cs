using System;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Dvt.ContractBindings.Generator;

/// <summary>
/// Generates a typed contract class per forge artifact given as an AdditionalFile with metadata
/// DvtContractArtifact="true" (see Dvt.ContractBindings.csproj). Incremental: only a changed artifact is re-parsed.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ContractBindingsGenerator : IIncrementalGenerator
{
    private static readonly DiagnosticDescriptor BadArtifact = new(
        "DVTGEN001", "Unreadable contract artifact", "Cannot generate bindings from {0}: {1}", "Dvt.ContractBindings.Generator",
        DiagnosticSeverity.Error, isEnabledByDefault: true);

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var artifacts = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(pair => pair.Right.GetOptions(pair.Left).TryGetValue("build_metadata.AdditionalFiles.DvtContractArtifact", out var flag)
                && string.Equals(flag, "true", StringComparison.OrdinalIgnoreCase))
            .Select((pair, ct) => (Path: pair.Left.Path, Text: pair.Left.GetText(ct)?.ToString()));

        context.RegisterSourceOutput(artifacts, (output, file) =>
        {
            if (file.Text is null)
            {
                output.ReportDiagnostic(Diagnostic.Create(BadArtifact, Location.None, file.Path, "the file cannot be read (run scripts/forge.sh build)"));
                return;
            }
            try
            {
                var artifact = ContractArtifact.Parse(file.Path, file.Text);
                var writer = new BindingWriter(artifact);
                output.AddSource(writer.ClassName + ".g.cs", SourceText.From(writer.Write(), Encoding.UTF8));
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
            {
                output.ReportDiagnostic(Diagnostic.Create(BadArtifact, Location.None, file.Path, e.Message));
            }
        });
    }
}
