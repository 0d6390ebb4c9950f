using Dvt.Consensus.Containers;
using Dvt.Consensus.Primitives;

namespace Dvt.Consensus.Signing;

/// <summary>compute_fork_data_root, compute_domain and get_domain (consensus-specs phase0 beacon-chain.md).</summary>
public static class Domains
{
    private const int ForkDataRootPrefix = 28;

    public static Root ComputeForkDataRoot(ForkVersion currentVersion, Root genesisValidatorsRoot)
    {
        var root = new byte[Root.ByteLength];
        new ForkData(currentVersion, genesisValidatorsRoot).HashTreeRootTo(root);
        return new Root(root);
    }

    /// <summary>domain_type || fork_data_root[:28].</summary>
    public static Domain ComputeDomain(DomainType domainType, ForkVersion forkVersion, Root genesisValidatorsRoot)
    {
        Span<byte> forkDataRoot = stackalloc byte[Root.ByteLength];
        new ForkData(forkVersion, genesisValidatorsRoot).HashTreeRootTo(forkDataRoot);
        var domain = new byte[Domain.ByteLength];
        domainType.AsSpan().CopyTo(domain);
        forkDataRoot[..ForkDataRootPrefix].CopyTo(domain.AsSpan(DomainType.ByteLength));
        return new Domain(domain);
    }

    /// <summary>get_domain with the fork of a request: previous_version before fork.epoch, current_version from it on.</summary>
    public static Domain GetDomain(ForkInfo forkInfo, DomainType domainType, Epoch epoch) =>
        ComputeDomain(domainType, forkInfo.Fork.VersionAt(epoch), forkInfo.GenesisValidatorsRoot);

    /// <summary>
    /// The domain of deposits (and, with <see cref="DomainTypes.ApplicationBuilder"/>, of builder registrations):
    /// fixed to the genesis fork version and a zero genesis_validators_root, so they are valid before genesis and across forks.
    /// </summary>
    public static Domain ComputeGenesisDomain(DomainType domainType, ForkVersion genesisForkVersion) =>
        ComputeDomain(domainType, genesisForkVersion, Root.Zero);
}
