namespace Dvt.Consensus.Networks;

/// <summary>What `--network` and the config's "network" accept: a known network's name, or the path of a consensus-spec config.yaml.</summary>
public static class NetworkReference
{
    public static string Accepted => $"{NamedNetworks.Names} or the path of a consensus-spec config.yaml";

    /// <summary>
    /// The network <paramref name="value"/> names; relative paths are resolved against <paramref name="baseDirectory"/>.
    /// Throws <see cref="ConsensusConfigException"/> for a bad config.yaml and <see cref="ArgumentException"/> for
    /// a value that is neither a known name nor a file.
    /// </summary>
    public static EthereumNetwork Resolve(string value, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (NamedNetworks.Find(value) is { } named)
            return named;
        var looksLikePath = value.Contains('/') || value.Contains('\\') || value.EndsWith(".yaml", StringComparison.Ordinal) || value.EndsWith(".yml", StringComparison.Ordinal);
        if (!looksLikePath)
            throw new ArgumentException($"'{value}' is not one of {Accepted}");
        var path = Path.GetFullPath(value, baseDirectory);
        if (!File.Exists(path))
            throw new ArgumentException($"'{value}' is not one of {NamedNetworks.Names}, and {path} does not exist");
        return ConsensusConfigYaml.Load(path);
    }
}
