using Dvt.Consensus.Primitives;

namespace Dvt.Consensus.Networks;

/// <summary>
/// The public networks dvt knows by name, with the official constants (consensus-specs configs/mainnet.yaml,
/// eth-clients/{hoodi,sepolia,holesky} metadata/config.yaml and genesis_validators_root.txt).
/// </summary>
public static class NamedNetworks
{
    public static EthereumNetwork Mainnet { get; } = new()
    {
        Name = "mainnet",
        Preset = ConsensusPreset.Mainnet,
        Forks = Schedule(
            ("0x00000000", 0), ("0x01000000", 74240), ("0x02000000", 144896), ("0x03000000", 194048),
            ("0x04000000", 269568), ("0x05000000", 364032), ("0x06000000", 411392)),
        GenesisValidatorsRoot = Root.Parse("0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95"),
        // Not MIN_GENESIS_TIME + GENESIS_DELAY: mainnet's genesis came 23 s after MIN_GENESIS_TIME (eth1 block time + delay).
        GenesisTime = 1606824023,
        DepositContractAddress = ExecutionAddress.Parse("0x00000000219ab540356cBB839Cbe05303d7705Fa"),
        DepositChainId = 1,
    };

    public static EthereumNetwork Hoodi { get; } = new()
    {
        Name = "hoodi",
        Preset = ConsensusPreset.Mainnet,
        Forks = Schedule(
            ("0x10000910", 0), ("0x20000910", 0), ("0x30000910", 0), ("0x40000910", 0),
            ("0x50000910", 0), ("0x60000910", 2048), ("0x70000910", 50688)),
        GenesisValidatorsRoot = Root.Parse("0x212f13fc4df078b6cb7db228f1c8307566dcecf900867401a92023d7ba99cb5f"),
        GenesisTime = 1742213400,
        DepositContractAddress = ExecutionAddress.Parse("0x00000000219ab540356cBB839Cbe05303d7705Fa"),
        DepositChainId = 560048,
    };

    public static EthereumNetwork Sepolia { get; } = new()
    {
        Name = "sepolia",
        Preset = ConsensusPreset.Mainnet,
        Forks = Schedule(
            ("0x90000069", 0), ("0x90000070", 50), ("0x90000071", 100), ("0x90000072", 56832),
            ("0x90000073", 132608), ("0x90000074", 222464), ("0x90000075", 272640)),
        GenesisValidatorsRoot = Root.Parse("0xd8ea171f3c94aea21ebc42a1ed61052acf3f9209c00e4efbaaddac09ed9b8078"),
        GenesisTime = 1655733600,
        DepositContractAddress = ExecutionAddress.Parse("0x7f02C3E3c98b133055B8B348B2Ac625669Ed295D"),
        DepositChainId = 11155111,
    };

    public static EthereumNetwork Holesky { get; } = new()
    {
        Name = "holesky",
        Preset = ConsensusPreset.Mainnet,
        Forks = Schedule(
            ("0x01017000", 0), ("0x02017000", 0), ("0x03017000", 0), ("0x04017000", 256),
            ("0x05017000", 29696), ("0x06017000", 115968), ("0x07017000", 165120)),
        GenesisValidatorsRoot = Root.Parse("0x9143aa7c615a7f7115e2b6aac319c03529df8242ae705fba9df39b79c59fa8b1"),
        GenesisTime = 1695902400,
        DepositContractAddress = ExecutionAddress.Parse("0x4242424242424242424242424242424242424242"),
        DepositChainId = 17000,
    };

    public static IReadOnlyList<EthereumNetwork> All { get; } = [Mainnet, Hoodi, Sepolia, Holesky];

    public static string Names => string.Join(", ", All.Select(n => n.Name));

    /// <summary>The network called <paramref name="name"/> (exact, lower case), or null.</summary>
    public static EthereumNetwork? Find(string name) => All.FirstOrDefault(n => n.Name == name);

    private static ForkSchedule Schedule(params (string Version, ulong Epoch)[] forks) =>
        new(forks.Select((f, i) => new ScheduledFork((ConsensusFork)i, ForkVersion.Parse(f.Version), new Epoch(f.Epoch))).ToArray());
}
