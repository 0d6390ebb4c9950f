using System.Globalization;
using Dvt.Consensus.Networks;

namespace Dvt.Coordinator.Devnet;

/// <summary>
/// The devnet's beacon-chain constants, written as a consensus-spec config.yaml (with genesis_validators_root.txt
/// beside it) that every coordinator's config names as its network: the same path a real devnet takes. The chain
/// signs as the Lodestar dev chain (its genesis validators root, the fork versions of the request examples), with
/// every fork through Fulu active from genesis, so voluntary exits take the Capella domain (EIP-7044).
/// </summary>
public static class DevnetNetwork
{
    public const string Versions = """
        GENESIS_FORK_VERSION: 0x00000000
        ALTAIR_FORK_VERSION: 0x01000001
        ALTAIR_FORK_EPOCH: 0
        BELLATRIX_FORK_VERSION: 0x02000001
        BELLATRIX_FORK_EPOCH: 0
        CAPELLA_FORK_VERSION: 0x03000001
        CAPELLA_FORK_EPOCH: 0
        DENEB_FORK_VERSION: 0x04000001
        DENEB_FORK_EPOCH: 0
        ELECTRA_FORK_VERSION: 0x05000001
        ELECTRA_FORK_EPOCH: 0
        FULU_FORK_VERSION: 0x06000001
        FULU_FORK_EPOCH: 0
        """;

    /// <summary>Writes network/config.yaml under <paramref name="workDir"/>; returns its path and the network read back from it.</summary>
    public static (string ConfigYaml, EthereumNetwork Network) Write(string workDir, ulong chainId)
    {
        var folder = Path.Combine(workDir, "network");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "config.yaml");
        File.WriteAllText(path, $"""
            # dvt devnet: a beacon chain simulated for the coordinators (see DevnetSimulatedBeaconNode)
            PRESET_BASE: 'mainnet'
            CONFIG_NAME: 'dvt-devnet'
            {Versions}
            SECONDS_PER_SLOT: 12
            DEPOSIT_CHAIN_ID: {chainId.ToString(CultureInfo.InvariantCulture)}

            """);
        File.WriteAllText(Path.Combine(folder, "genesis_validators_root.txt"), DevnetCluster.GenesisValidatorsRoot + "\n");
        return (path, ConsensusConfigYaml.Load(path));
    }
}
