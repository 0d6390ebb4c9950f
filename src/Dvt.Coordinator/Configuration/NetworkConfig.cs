using Dvt.Consensus;
using Dvt.Consensus.Networks;
using Dvt.Consensus.Primitives;

namespace Dvt.Coordinator.Configuration;

/// <summary>
/// The chain a coordinator signs for: the config's "network" (or `--network`, which wins) names a known network or
/// a consensus-spec config.yaml, and the config's constant fields override it. Nothing defaults to mainnet: without a
/// network the coordinator does not start, and a network still lacking a constant names it.
/// </summary>
internal static class NetworkConfig
{
    public static readonly string[] OverrideFields =
    [
        "genesisForkVersion", "genesisValidatorsRoot", "genesisTime", "secondsPerSlot", "exitForkVersion", "preset",
        "depositContractAddress",
    ];

    /// <summary>Resolves the network and applies the overrides in <paramref name="root"/>.</summary>
    public static EthereumNetwork Resolve(JsonFields root, string baseDirectory, string? networkOption)
    {
        var (value, field) = networkOption is not null ? (networkOption, "--network") : (root.OptionalString("network"), "network");
        if (value is null)
            throw new ConfigException("network",
                $"missing: give \"network\" ({NetworkReference.Accepted}) or --network; nothing defaults to mainnet");
        EthereumNetwork network;
        try
        {
            network = NetworkReference.Resolve(value, baseDirectory);
        }
        catch (ArgumentException e)
        {
            throw new ConfigException(field, e.Message);
        }
        catch (ConsensusConfigException e)
        {
            throw new ConfigException(field, e.Message);
        }

        var forks = network.Forks.Forks.ToArray();
        if (root.OptionalFixedHex("genesisForkVersion", ForkVersion.ByteLength) is { } genesisFork)
            forks[(int)ConsensusFork.Phase0] = forks[(int)ConsensusFork.Phase0] with { Version = ForkVersion.FromBytes(genesisFork) };
        if (root.OptionalFixedHex("exitForkVersion", ForkVersion.ByteLength) is { } exitFork)
            forks[(int)ConsensusFork.Capella] = forks[(int)ConsensusFork.Capella] with { Version = ForkVersion.FromBytes(exitFork) };
        network = network with
        {
            Forks = new ForkSchedule(forks),
            GenesisValidatorsRoot = root.OptionalFixedHex("genesisValidatorsRoot", Root.ByteLength) is { } gvr ? Root.FromBytes(gvr) : network.GenesisValidatorsRoot,
            GenesisTime = root.OptionalUInt64("genesisTime") ?? network.GenesisTime,
            SecondsPerSlot = root.OptionalUInt64("secondsPerSlot") switch
            {
                null => network.SecondsPerSlot,
                >= 1 and <= 600 and var sps => sps,
                var other => throw new ConfigException("secondsPerSlot", $"must be between 1 and 600, got {other}"),
            },
            DepositContractAddress = root.OptionalFixedHex("depositContractAddress", ExecutionAddress.ByteLength) is { } deposit
                ? ExecutionAddress.FromBytes(deposit)
                : network.DepositContractAddress,
            Preset = root.OptionalString("preset") switch
            {
                null => network.Preset,
                "mainnet" => ConsensusPreset.Mainnet,
                "minimal" => ConsensusPreset.Minimal,
                var other => throw new ConfigException("preset", $"'{other}' is not one of mainnet, minimal"),
            },
        };
        var missing = network.MissingForSigning();
        if (missing.Count > 0)
        {
            var fields = missing.Select(m => m == "genesis time" ? "genesisTime" : "genesisValidatorsRoot");
            throw new ConfigException(field,
                $"{value} gives no {string.Join(" and no ", missing)}: set {string.Join(" and ", fields)} in the config" +
                (missing.Contains("genesis validators root") ? " (or put genesis_validators_root.txt beside the config.yaml)" : ""));
        }
        return network;
    }
}
