using Dvt.ContractBindings;
using Dvt.Consensus.Networks;

namespace Dvt.Coordinator.Cli.Registry;

/// <summary>
/// The beacon-chain deposit contract of each named network, by its execution chain id: read from the network table
/// (<see cref="NamedNetworks"/>), the one place these constants are kept. On any other chain `dvt registry deploy`
/// deploys the devnet deposit contract beside the registry.
/// </summary>
public static class KnownDepositContracts
{
    public static (string Network, Address Address)? For(ulong chainId) =>
        NamedNetworks.All.FirstOrDefault(n => n.DepositChainId == chainId && n.DepositContractAddress is not null) is { } network
            ? (network.Name, Address.Parse(network.DepositContractAddress!.Value.ToString(), "deposit contract"))
            : null;
}
