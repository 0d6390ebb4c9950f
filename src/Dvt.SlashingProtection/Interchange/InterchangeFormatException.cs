namespace Dvt.SlashingProtection.Interchange;

/// <summary>An interchange file that is not valid EIP-3076 v5 JSON; names the offending field (a JSON path).</summary>
public sealed class InterchangeFormatException(string field, string problem)
    : Exception($"interchange field '{field}': {problem}")
{
    /// <summary>JSON path of the field, e.g. "data[2].signed_blocks[0].slot"; "$" for the document itself.</summary>
    public string Field { get; } = field;

    public string Problem { get; } = problem;
}
