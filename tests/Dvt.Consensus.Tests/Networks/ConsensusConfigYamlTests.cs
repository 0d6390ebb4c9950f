using CsCheck;
using Dvt.Consensus.Networks;
using Dvt.Consensus.Primitives;

namespace Dvt.Consensus.Tests.Networks;

public sealed class ConsensusConfigYamlTests
{
    /// <summary>The shape of eth-clients/hoodi metadata/config.yaml (abridged), nested BLOB_SCHEDULE included.</summary>
    private const string Hoodi = """
        # Extends the mainnet preset
        PRESET_BASE: 'mainnet'
        CONFIG_NAME: 'hoodi' # needs to exist because of Prysm

        # Genesis
        MIN_GENESIS_ACTIVE_VALIDATOR_COUNT: 16384
        MIN_GENESIS_TIME: 1742212800
        GENESIS_FORK_VERSION: 0x10000910
        GENESIS_DELAY: 600

        ALTAIR_FORK_VERSION: 0x20000910
        ALTAIR_FORK_EPOCH: 0
        BELLATRIX_FORK_VERSION: 0x30000910
        BELLATRIX_FORK_EPOCH: 0
        TERMINAL_TOTAL_DIFFICULTY: 0
        CAPELLA_FORK_VERSION: 0x40000910
        CAPELLA_FORK_EPOCH: 0
        DENEB_FORK_VERSION: 0x50000910
        DENEB_FORK_EPOCH: 0
        ELECTRA_FORK_VERSION: 0x60000910
        ELECTRA_FORK_EPOCH: 2048
        FULU_FORK_VERSION: 0x70000910
        FULU_FORK_EPOCH: 50688
        GLOAS_FORK_VERSION: 0x80000910
        GLOAS_FORK_EPOCH: 18446744073709551615

        SECONDS_PER_SLOT: 12
        DEPOSIT_CHAIN_ID: 560048
        DEPOSIT_NETWORK_ID: 560048
        DEPOSIT_CONTRACT_ADDRESS: 0x00000000219ab540356cBB839Cbe05303d7705Fa

        BLOB_SCHEDULE:
          - EPOCH: 52480
            MAX_BLOBS_PER_BLOCK: 15
        """;

    [Fact]
    public void A_clients_config_yaml_gives_the_same_constants_as_the_named_network()
    {
        var parsed = ConsensusConfigYaml.Parse(Hoodi, "config.yaml");
        var hoodi = NamedNetworks.Hoodi;
        Assert.Equal("hoodi", parsed.Name);
        Assert.Equal(hoodi.Preset, parsed.Preset);
        Assert.Equal(hoodi.Forks.Forks, parsed.Forks.Forks);
        Assert.Equal(hoodi.DepositContractAddress, parsed.DepositContractAddress);
        Assert.Equal(hoodi.DepositChainId, parsed.DepositChainId);
        // A config.yaml holds neither: they come from beside it or from the coordinator's config.
        Assert.Null(parsed.GenesisValidatorsRoot);
        Assert.Equal(["genesis validators root", "genesis time"], parsed.MissingForSigning());
    }

    [Fact]
    public void Load_takes_the_genesis_validators_root_from_beside_the_file()
    {
        var folder = Directory.CreateTempSubdirectory("dvt-network-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "config.yaml"), Hoodi);
            File.WriteAllText(Path.Combine(folder, "genesis_validators_root.txt"), "0x212f13fc4df078b6cb7db228f1c8307566dcecf900867401a92023d7ba99cb5f\n");
            var network = NetworkReference.Resolve(Path.Combine(folder, "config.yaml"), "/");
            Assert.Equal(NamedNetworks.Hoodi.GenesisValidatorsRoot, network.GenesisValidatorsRoot);

            File.WriteAllText(Path.Combine(folder, "genesis_validators_root.txt"), "0x1234\n");
            var error = Assert.Throws<ConsensusConfigException>(() => ConsensusConfigYaml.Load(Path.Combine(folder, "config.yaml")));
            Assert.Equal($"{folder}/genesis_validators_root.txt line 1: '0x1234' is not a 32-byte 0x-hex root", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("DENEB_FORK_EPOCH: 0", "DENEB_FORK_EPOCH: soon", "config.yaml line 19: DENEB_FORK_EPOCH: 'soon' is not a decimal uint64")]
    [InlineData("ELECTRA_FORK_VERSION: 0x60000910", "ELECTRA_FORK_VERSION: 0x6000", "config.yaml line 20: ELECTRA_FORK_VERSION: '0x6000' is not a 4-byte 0x-hex fork version")]
    [InlineData("FULU_FORK_VERSION: 0x70000910\n", "", "config.yaml: FULU_FORK_VERSION is missing")]
    [InlineData("PRESET_BASE: 'mainnet'", "PRESET_BASE: gnosis", "config.yaml line 2: PRESET_BASE: 'gnosis' is not one of mainnet, minimal")]
    [InlineData("ELECTRA_FORK_EPOCH: 2048", "ELECTRA_FORK_EPOCH: 2048\nDENEB_FORK_EPOCH: 1", "config.yaml line 22: DENEB_FORK_EPOCH is given twice (first on line 19)")]
    [InlineData("FULU_FORK_EPOCH: 50688", "FULU_FORK_EPOCH: 1000", "config.yaml line 23: FULU_FORK_EPOCH: 1000 is before the previous fork (2048)")]
    [InlineData("SECONDS_PER_SLOT: 12", "SECONDS_PER_SLOT 12", "config.yaml line 27: 'SECONDS_PER_SLOT 12' is not 'KEY: value'")]
    [InlineData("DEPOSIT_CONTRACT_ADDRESS: 0x00000000219ab540356cBB839Cbe05303d7705Fa", "DEPOSIT_CONTRACT_ADDRESS: 0x00", "config.yaml line 30: DEPOSIT_CONTRACT_ADDRESS: '0x00' is not a 20-byte 0x-hex address")]
    public void Every_error_names_the_file_the_1_based_line_and_the_key(string replace, string with, string expected)
    {
        var text = Hoodi.Replace(replace, with, StringComparison.Ordinal);
        Assert.NotEqual(Hoodi, text);
        var error = Assert.Throws<ConsensusConfigException>(() => ConsensusConfigYaml.Parse(text, "config.yaml"));
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void An_unscheduled_fork_is_far_future()
    {
        var text = Hoodi.Replace("FULU_FORK_EPOCH: 50688", "FULU_FORK_EPOCH: 18446744073709551615", StringComparison.Ordinal);
        var network = ConsensusConfigYaml.Parse(text, "config.yaml");
        Assert.Null(network.Forks[ConsensusFork.Fulu].Epoch);
        Assert.Equal(ConsensusFork.Electra, network.Forks.ActiveAt(new Epoch(ulong.MaxValue - 1)).Fork);
    }

    /// <summary>Any text, and any mutation of a real config: parsed, or refused with a line-naming ConsensusConfigException; nothing else.</summary>
    [Fact]
    public void Fuzzed_text_is_parsed_or_refused_with_a_config_error()
    {
        static void Check(string text)
        {
            try
            {
                ConsensusConfigYaml.Parse(text, "fuzz.yaml");
            }
            catch (ConsensusConfigException e)
            {
                Assert.StartsWith("fuzz.yaml", e.Message, StringComparison.Ordinal);
                Assert.True(e.Line is null or >= 1);
            }
        }
        Gen.String.Sample(Check, iter: 5_000);
        Gen.Select(Gen.Int[0, Hoodi.Length - 1], Gen.Int[0, 20], Gen.String[0, 12]).Sample(m =>
        {
            var (at, cut, insert) = m;
            var end = Math.Min(Hoodi.Length, at + cut);
            Check(Hoodi[..at] + insert + Hoodi[end..]);
        }, iter: 20_000);
        var lines = Hoodi.Split('\n');
        Gen.Shuffle(lines).Sample(shuffled => Check(string.Join('\n', shuffled)), iter: 2_000);
    }
}
