namespace Dvt.SlashingProtection.Interchange;

/// <summary>A well-formed interchange that this store refuses to import (nothing of it was applied).</summary>
public sealed class InterchangeImportException(string field, string problem)
    : Exception($"interchange import refused, field '{field}': {problem}")
{
    public string Field { get; } = field;

    public string Problem { get; } = problem;
}
