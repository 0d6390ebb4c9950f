using Dvt.ContractBindings;

namespace Dvt.Coordinator.Cli.Registry;

/// <summary>
/// The beacon-chain deposit contract of each public network, by chain id (from each network's published
/// configuration). On any other chain `dvt registry deploy` deploys the devnet deposit contract beside the registry.
/// </summary>
public static class KnownDepositContracts
{
    private static readonly IReadOnlyDictionary<ulong, (string Network, string Address)> ByChainId = new Dictionary<ulong, (string, string)>
    {
        [1] = ("mainnet", "0x00000000219ab540356cBB839Cbe05303d7705Fa"),
        [11155111] = ("sepolia", "0x7f02C3E3c98b133055B8B348B2Ac625669Ed295D"),
        [17000] = ("holesky", "0x4242424242424242424242424242424242424242"),
        [560048] = ("hoodi", "0x00000000219ab540356cBB839Cbe05303d7705Fa"),
    };

    public static (string Network, Address Address)? For(ulong chainId) =>
        ByChainId.TryGetValue(chainId, out var known) ? (known.Network, Address.Parse(known.Address, "deposit contract")) : null;
}
