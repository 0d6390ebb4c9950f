using System.Text.Json;
using Dvt.Consensus.Networks;
using Dvt.Consensus.Primitives;
using Dvt.TestSupport.LodestarReference;

namespace Dvt.Consensus.Tests.Networks;

/// <summary>The named networks' constants, each checked against Lodestar's (@lodestar/config), an independent source.</summary>
public sealed class NamedNetworksTests
{
    [Theory]
    [InlineData("mainnet")]
    [InlineData("hoodi")]
    [InlineData("sepolia")]
    public async Task Every_constant_equals_lodestars(string name)
    {
        var network = NamedNetworks.Find(name)!;
        var facts = await LodestarReference.FactsAsync(name);

        Assert.Equal(facts.GetProperty("preset").GetString(), network.Preset.Name);
        Assert.Equal(facts.GetProperty("genesisValidatorsRoot").GetString(), network.GenesisValidatorsRoot.ToString());
        Assert.Equal(facts.GetProperty("genesisTime").GetUInt64(), network.GenesisTime);
        Assert.Equal(facts.GetProperty("secondsPerSlot").GetUInt64(), network.SecondsPerSlot);
        Assert.Equal(facts.GetProperty("depositContractAddress").GetString(), network.DepositContractAddress.ToString());
        Assert.Equal(facts.GetProperty("depositChainId").GetUInt64(), network.DepositChainId);
        var forks = facts.GetProperty("forks").EnumerateArray().ToArray();
        Assert.Equal(forks.Length, network.Forks.Forks.Count);
        for (var i = 0; i < forks.Length; i++)
        {
            var scheduled = network.Forks.Forks[i];
            Assert.Equal(forks[i].GetProperty("version").GetString(), scheduled.Version.ToString());
            Assert.Equal(forks[i].GetProperty("epoch").GetUInt64(), scheduled.Epoch?.Value);
        }
    }

    /// <summary>Holesky is gone from Lodestar 1.48; its facts come from eth-clients/holesky metadata (config.yaml, genesis_validators_root.txt).</summary>
    [Fact]
    public void Holesky_has_the_eth_clients_constants()
    {
        var h = NamedNetworks.Holesky;
        Assert.Equal("0x9143aa7c615a7f7115e2b6aac319c03529df8242ae705fba9df39b79c59fa8b1", h.GenesisValidatorsRoot.ToString());
        Assert.Equal(1695902100UL + 300, h.GenesisTime); // MIN_GENESIS_TIME + GENESIS_DELAY
        Assert.Equal(ForkVersion.Parse("0x04017000"), h.Forks.CapellaVersion);
        Assert.Equal(new Epoch(29696), h.Forks[ConsensusFork.Deneb].Epoch);
        Assert.Equal(new Epoch(165120), h.Forks[ConsensusFork.Fulu].Epoch);
        Assert.Equal(ForkVersion.Parse("0x07017000"), h.Forks[ConsensusFork.Fulu].Version);
    }

    [Fact]
    public void Names_resolve_and_anything_else_is_refused_with_the_accepted_values()
    {
        Assert.Same(NamedNetworks.Hoodi, NetworkReference.Resolve("hoodi", "/"));
        var error = Assert.Throws<ArgumentException>(() => NetworkReference.Resolve("mainet", "/"));
        Assert.Contains("'mainet' is not one of mainnet, hoodi, sepolia, holesky", error.Message);
        var missing = Assert.Throws<ArgumentException>(() => NetworkReference.Resolve("nowhere/config.yaml", "/tmp"));
        Assert.Contains("/tmp/nowhere/config.yaml does not exist", missing.Message);
    }

    [Fact]
    public void The_active_fork_follows_the_schedule()
    {
        var forks = NamedNetworks.Mainnet.Forks;
        Assert.Equal(ConsensusFork.Capella, forks.ActiveAt(new Epoch(269567)).Fork);
        Assert.Equal(ConsensusFork.Deneb, forks.ActiveAt(new Epoch(269568)).Fork);
        Assert.Equal(ConsensusFork.Fulu, forks.ActiveAt(new Epoch(411392)).Fork);
        Assert.Equal(ConsensusFork.Phase0, forks.ActiveAt(new Epoch(0)).Fork);
        Assert.Equal(ConsensusFork.Fulu, NamedNetworks.Hoodi.Forks.ActiveAt(new Epoch(60000)).Fork);
    }
}
