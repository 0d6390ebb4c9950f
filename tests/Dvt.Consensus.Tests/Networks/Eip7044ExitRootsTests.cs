using Dvt.Consensus.Containers;
using Dvt.Consensus.Networks;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing;
using Dvt.TestSupport.LodestarReference;

namespace Dvt.Consensus.Tests.Networks;

/// <summary>
/// EIP-7044 with the official constants: the root dvt signs for a VOLUNTARY_EXIT request equals the root Lodestar's
/// beacon chain verifies the exit against (computed by @lodestar/config + @lodestar/types), whatever fork the
/// client's fork_info names.
/// </summary>
public sealed class Eip7044ExitRootsTests
{
    public static TheoryData<string, ulong, ulong, ulong> Cases => new()
    {
        // network, state epoch (the client's current fork), exit epoch, validator index
        { "mainnet", 420_000, 420_000, 123_456 },   // Fulu
        { "mainnet", 370_000, 370_000, 7 },         // Electra
        { "mainnet", 300_000, 300_000, 1 },         // Deneb
        { "mainnet", 420_000, 0, 99 },              // an exit of epoch 0 signed on a Fulu chain
        { "mainnet", 200_000, 200_000, 5 },         // Capella, before EIP-7044: the fork's own version
        { "hoodi", 60_000, 60_000, 1_234 },         // Fulu
        { "hoodi", 3_000, 3_000, 42 },              // Electra
        { "hoodi", 100, 100, 0 },                   // Deneb from genesis
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_exit_root_is_the_one_the_beacon_chain_verifies(string name, ulong stateEpoch, ulong exitEpoch, ulong index)
    {
        var network = NamedNetworks.Find(name)!;
        var facts = await LodestarReference.FactsAsync(name, $"{stateEpoch}:{exitEpoch}:{index}");
        var expected = Root.Parse(facts.GetProperty("roots")[0].GetProperty("signingRoot").GetString()!);

        // What a client sends: the fork active at the state's epoch, as current_version, with the one before it.
        var current = network.Forks.ActiveAt(new Epoch(stateEpoch));
        var previous = current.Fork == ConsensusFork.Phase0 ? current : network.Forks[current.Fork - 1];
        var forkInfo = new ForkInfo(new Fork(previous.Version, current.Version, current.Epoch!.Value), network.GenesisValidatorsRoot!.Value);
        var exit = new VoluntaryExit(new Epoch(exitEpoch), new ValidatorIndex(index));

        Assert.Equal(expected, SigningRoots.For(network).VoluntaryExit(forkInfo, exit));
    }

    [Fact]
    public void On_mainnet_after_Deneb_the_domain_is_Capellas_whatever_fork_info_says()
    {
        var network = NamedNetworks.Mainnet;
        var capella = Domains.ComputeDomain(DomainTypes.VoluntaryExit, ForkVersion.Parse("0x03000000"), network.GenesisValidatorsRoot!.Value);
        var fulu = new ForkInfo(new Fork(ForkVersion.Parse("0x05000000"), ForkVersion.Parse("0x06000000"), new Epoch(411392)), network.GenesisValidatorsRoot!.Value);
        Assert.Equal(capella, SigningRoots.For(network).VoluntaryExitDomain(fulu, new Epoch(411_500)));
        // Without a network the request's fork decides (what a signer did before; the beacon chain rejects it).
        Assert.NotEqual(capella, new SigningRoots(ConsensusPreset.Mainnet).VoluntaryExitDomain(fulu, new Epoch(411_500)));
    }
}
