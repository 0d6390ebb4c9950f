using Dvt.ContractBindings;
using Dvt.Consensus.Networks;
using Dvt.Coordinator.Cli.Registry;

namespace Dvt.Coordinator.Tests.Cli;

/// <summary>`dvt registry deploy`'s deposit contracts come from the network table, the one place they are kept.</summary>
public sealed class KnownDepositContractsTests
{
    [Theory]
    [InlineData(1UL, "mainnet", "0x00000000219ab540356cBB839Cbe05303d7705Fa")]
    [InlineData(560048UL, "hoodi", "0x00000000219ab540356cBB839Cbe05303d7705Fa")]
    [InlineData(11155111UL, "sepolia", "0x7f02C3E3c98b133055B8B348B2Ac625669Ed295D")]
    [InlineData(17000UL, "holesky", "0x4242424242424242424242424242424242424242")]
    public void Each_named_network_s_deposit_contract_is_found_by_its_chain_id(ulong chainId, string network, string address)
    {
        var known = KnownDepositContracts.For(chainId);
        Assert.NotNull(known);
        Assert.Equal(network, known.Value.Network);
        Assert.Equal(Address.Parse(address, "expected"), known.Value.Address);
        var table = NamedNetworks.Find(network)!;
        Assert.Equal(table.DepositContractAddress!.Value.ToString(), known.Value.Address.ToString(), ignoreCase: true);
    }

    [Fact]
    public void A_devnet_chain_has_none()
    {
        Assert.Null(KnownDepositContracts.For(31337));
    }
}
