namespace Dvt.Coordinator.Configuration;

/// <summary>A configuration file that cannot be used; <see cref="Field"/> names the offending field (JSON path).</summary>
public sealed class ConfigException(string field, string problem)
    : Exception($"config field '{field}': {problem}")
{
    public string Field { get; } = field;

    public string Problem { get; } = problem;
}
