using Dvt.Consensus.Containers;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing;

namespace Dvt.Consensus.Tests.Signing;

public sealed class DomainTests
{
    public static TheoryData<string, string> PinnedDomainTypes => new()
    {
        { nameof(DomainTypes.BeaconProposer), "0x00000000" },
        { nameof(DomainTypes.BeaconAttester), "0x01000000" },
        { nameof(DomainTypes.Randao), "0x02000000" },
        { nameof(DomainTypes.Deposit), "0x03000000" },
        { nameof(DomainTypes.VoluntaryExit), "0x04000000" },
        { nameof(DomainTypes.SelectionProof), "0x05000000" },
        { nameof(DomainTypes.AggregateAndProof), "0x06000000" },
        { nameof(DomainTypes.SyncCommittee), "0x07000000" },
        { nameof(DomainTypes.SyncCommitteeSelectionProof), "0x08000000" },
        { nameof(DomainTypes.ContributionAndProof), "0x09000000" },
        { nameof(DomainTypes.ApplicationBuilder), "0x00000001" },
    };

    [Theory]
    [MemberData(nameof(PinnedDomainTypes))]
    public void Domain_type_values_are_the_specs(string name, string hex)
    {
        var field = typeof(DomainTypes).GetField(name)!;
        Assert.Equal(hex, field.GetValue(null)!.ToString());
    }

    [Fact]
    public void Every_domain_type_is_pinned()
    {
        var declared = typeof(DomainTypes).GetFields().Select(f => f.Name).Order();
        var pinned = PinnedDomainTypes.Select(row => (string)row[0]).Order();
        Assert.Equal(pinned, declared);
    }

    [Fact]
    public void Mainnet_deposit_domain_is_the_well_known_value()
    {
        // The mainnet deposit domain every deposit tool uses (genesis version 0x00000000, zero genesis_validators_root).
        var domain = SigningRoots.DepositDomain(ForkVersion.Zero);
        Assert.Equal("0x03000000f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a9", domain.ToString());
    }

    [Fact]
    public void Domain_is_the_type_followed_by_28_bytes_of_the_fork_data_root()
    {
        var version = ForkVersion.Parse("0x02000001");
        var gvr = Root.Parse("0xacac7566fdf384a1ada45c01dcf9030d7eb0e1e5f5302659101d0b2a5bb59092");
        var domain = Domains.ComputeDomain(DomainTypes.BeaconAttester, version, gvr);
        var forkDataRoot = Domains.ComputeForkDataRoot(version, gvr);
        Assert.Equal(DomainTypes.BeaconAttester.AsSpan().ToArray(), domain.AsSpan()[..4].ToArray());
        Assert.Equal(forkDataRoot.AsSpan()[..28].ToArray(), domain.AsSpan()[4..].ToArray());
    }

    [Fact]
    public void Get_domain_uses_the_previous_version_before_the_fork_epoch()
    {
        var fork = new Fork(ForkVersion.Parse("0x01000001"), ForkVersion.Parse("0x02000001"), new Epoch(10));
        var info = new ForkInfo(fork, Root.Zero);
        Assert.Equal(Domains.ComputeDomain(DomainTypes.Randao, fork.PreviousVersion, Root.Zero), Domains.GetDomain(info, DomainTypes.Randao, new Epoch(9)));
        Assert.Equal(Domains.ComputeDomain(DomainTypes.Randao, fork.CurrentVersion, Root.Zero), Domains.GetDomain(info, DomainTypes.Randao, new Epoch(10)));
        Assert.NotEqual(Domains.GetDomain(info, DomainTypes.Randao, new Epoch(9)), Domains.GetDomain(info, DomainTypes.Randao, new Epoch(10)));
    }
}
