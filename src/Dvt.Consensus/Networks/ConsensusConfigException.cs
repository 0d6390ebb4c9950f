namespace Dvt.Consensus.Networks;

/// <summary>A consensus-spec config.yaml that cannot be used; the message names the file, the 1-based line (when there is one) and the key.</summary>
public sealed class ConsensusConfigException(string source, int? line, string problem)
    : Exception(line is { } l ? $"{source} line {l}: {problem}" : $"{source}: {problem}")
{
    public string File { get; } = source;

    /// <summary>1-based line of the problem, or null when it concerns the file as a whole (a missing key).</summary>
    public int? Line { get; } = line;

    public string Problem { get; } = problem;
}
