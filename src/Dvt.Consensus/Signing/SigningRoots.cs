using Dvt.Consensus.Containers;
using Dvt.Consensus.Containers.Blocks;
using Dvt.Consensus.Networks;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Signing;

/// <summary>
/// The signing root of each Web3Signer request type: compute_signing_root(object, get_domain(...)) with the
/// domain type and epoch the consensus specs use for that duty. The preset gives SLOTS_PER_EPOCH and the
/// sync subcommittee size.
/// </summary>
/// <param name="preset">The chain's preset (SLOTS_PER_EPOCH, sync subcommittee size).</param>
/// <param name="genesisForkVersion">The chain's GENESIS_FORK_VERSION, for builder registrations (mainnet 0x00000000).</param>
public sealed class SigningRoots(ConsensusPreset preset, ForkVersion genesisForkVersion = default)
{
    public ConsensusPreset Preset { get; } = preset ?? throw new ArgumentNullException(nameof(preset));

    public ForkVersion GenesisForkVersion { get; } = genesisForkVersion;

    /// <summary>
    /// The network whose fork schedule decides EIP-7044 for voluntary exits; null only where no network is known
    /// (then exits follow the request's fork_info, as before Deneb).
    /// </summary>
    public EthereumNetwork? Network { get; private init; }

    /// <summary>Signing roots for <paramref name="network"/>: its preset, genesis fork version and fork schedule.</summary>
    public static SigningRoots For(EthereumNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new SigningRoots(network.Preset, network.GenesisForkVersion) { Network = network };
    }

    /// <summary>compute_signing_root: hash_tree_root(SigningData(object_root, domain)).</summary>
    public static Root Compute(Root objectRoot, Domain domain)
    {
        var root = new byte[Root.ByteLength];
        new SigningData(objectRoot, domain).HashTreeRootTo(root);
        return new Root(root);
    }

    public static Root Compute(ISszValue value, Domain domain) => Compute(value.HashTreeRoot(), domain);

    /// <summary>ATTESTATION: DOMAIN_BEACON_ATTESTER at the target epoch.</summary>
    public Root Attestation(ForkInfo forkInfo, AttestationData data) =>
        Compute(data, Domains.GetDomain(forkInfo, DomainTypes.BeaconAttester, data.Target.Epoch));

    /// <summary>BLOCK_V2 (header or block reduced to its header): DOMAIN_BEACON_PROPOSER at the block's epoch.</summary>
    public Root BeaconBlock(ForkInfo forkInfo, BeaconBlockHeader header) =>
        Compute(header, Domains.GetDomain(forkInfo, DomainTypes.BeaconProposer, Preset.EpochAt(header.Slot)));

    /// <summary>BLOCK_V2 with a full phase0 block: signed as its header.</summary>
    public Root BeaconBlock(ForkInfo forkInfo, BeaconBlock<Phase0BeaconBlockBody> block) => BeaconBlock(forkInfo, block.ToHeader());

    /// <summary>BLOCK_V2 with a full altair block: signed as its header; the sync aggregate must fit the preset.</summary>
    public Root BeaconBlock(ForkInfo forkInfo, BeaconBlock<AltairBeaconBlockBody> block)
    {
        block.Body.SyncAggregate.CheckPreset(Preset);
        return BeaconBlock(forkInfo, block.ToHeader());
    }

    /// <summary>AGGREGATION_SLOT: the slot itself under DOMAIN_SELECTION_PROOF.</summary>
    public Root AggregationSlot(ForkInfo forkInfo, Slot slot) =>
        Compute(UInt64Root(slot.Value), Domains.GetDomain(forkInfo, DomainTypes.SelectionProof, Preset.EpochAt(slot)));

    /// <summary>AGGREGATE_AND_PROOF: DOMAIN_AGGREGATE_AND_PROOF at the aggregate's slot's epoch.</summary>
    public Root AggregateAndProof(ForkInfo forkInfo, AggregateAndProof aggregateAndProof) =>
        Compute(aggregateAndProof, Domains.GetDomain(forkInfo, DomainTypes.AggregateAndProof, Preset.EpochAt(aggregateAndProof.Aggregate.Data.Slot)));

    /// <summary>AGGREGATE_AND_PROOF_V2 from electra on: same domain and epoch, electra's containers; committee_bits must fit the preset.</summary>
    public Root AggregateAndProof(ForkInfo forkInfo, ElectraAggregateAndProof aggregateAndProof)
    {
        aggregateAndProof.Aggregate.CheckPreset(Preset);
        return Compute(aggregateAndProof,
            Domains.GetDomain(forkInfo, DomainTypes.AggregateAndProof, Preset.EpochAt(aggregateAndProof.Aggregate.Data.Slot)));
    }

    /// <summary>RANDAO_REVEAL: the epoch itself under DOMAIN_RANDAO.</summary>
    public Root RandaoReveal(ForkInfo forkInfo, Epoch epoch) =>
        Compute(UInt64Root(epoch.Value), Domains.GetDomain(forkInfo, DomainTypes.Randao, epoch));

    /// <summary>VOLUNTARY_EXIT: DOMAIN_VOLUNTARY_EXIT under <see cref="VoluntaryExitDomain"/>.</summary>
    public Root VoluntaryExit(ForkInfo forkInfo, VoluntaryExit exit) =>
        Compute(exit, VoluntaryExitDomain(forkInfo, exit.Epoch));

    /// <summary>
    /// EIP-7044: from Deneb on the beacon chain verifies every voluntary exit under CAPELLA_FORK_VERSION and the
    /// genesis validators root, whatever fork the client names. So the Capella domain is used when the network has
    /// Deneb active at the exit's epoch, or when the client's current fork is Deneb or later (an old-epoch exit
    /// signed on a Deneb chain). Otherwise, or without a known network, get_domain with the request's fork_info.
    /// </summary>
    public Domain VoluntaryExitDomain(ForkInfo forkInfo, Epoch exitEpoch)
    {
        ArgumentNullException.ThrowIfNull(forkInfo);
        if (Network is { } network)
        {
            var forks = network.Forks;
            var denebAtExit = forks.IsActiveAt(ConsensusFork.Deneb, exitEpoch);
            var clientOnDeneb = forks.WithVersion(forkInfo.Fork.CurrentVersion) is { Fork: >= ConsensusFork.Deneb };
            if (denebAtExit || clientOnDeneb)
                return Domains.ComputeDomain(DomainTypes.VoluntaryExit, forks.CapellaVersion, network.GenesisValidatorsRoot ?? forkInfo.GenesisValidatorsRoot);
        }
        return Domains.GetDomain(forkInfo, DomainTypes.VoluntaryExit, exitEpoch);
    }

    /// <summary>SYNC_COMMITTEE_MESSAGE: the beacon block root under DOMAIN_SYNC_COMMITTEE at the slot's epoch.</summary>
    public Root SyncCommitteeMessage(ForkInfo forkInfo, Slot slot, Root beaconBlockRoot) =>
        Compute(beaconBlockRoot, Domains.GetDomain(forkInfo, DomainTypes.SyncCommittee, Preset.EpochAt(slot)));

    /// <summary>SYNC_COMMITTEE_SELECTION_PROOF: DOMAIN_SYNC_COMMITTEE_SELECTION_PROOF at the slot's epoch.</summary>
    public Root SyncCommitteeSelectionProof(ForkInfo forkInfo, SyncAggregatorSelectionData data) =>
        Compute(data, Domains.GetDomain(forkInfo, DomainTypes.SyncCommitteeSelectionProof, Preset.EpochAt(data.Slot)));

    /// <summary>SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF: DOMAIN_CONTRIBUTION_AND_PROOF at the contribution's epoch.</summary>
    public Root SyncCommitteeContributionAndProof(ForkInfo forkInfo, ContributionAndProof contributionAndProof)
    {
        contributionAndProof.Contribution.CheckPreset(Preset);
        return Compute(contributionAndProof,
            Domains.GetDomain(forkInfo, DomainTypes.ContributionAndProof, Preset.EpochAt(contributionAndProof.Contribution.Slot)));
    }

    /// <summary>DEPOSIT: DOMAIN_DEPOSIT with the genesis fork version and a zero genesis_validators_root.</summary>
    public static Root Deposit(DepositMessage message, ForkVersion genesisForkVersion) =>
        Compute(message, DepositDomain(genesisForkVersion));

    public static Domain DepositDomain(ForkVersion genesisForkVersion) =>
        Domains.ComputeGenesisDomain(DomainTypes.Deposit, genesisForkVersion);

    /// <summary>VALIDATOR_REGISTRATION: DOMAIN_APPLICATION_BUILDER with the genesis fork version and a zero root (builder-specs).</summary>
    public static Root ValidatorRegistration(ValidatorRegistration registration, ForkVersion genesisForkVersion) =>
        Compute(registration, Domains.ComputeGenesisDomain(DomainTypes.ApplicationBuilder, genesisForkVersion));

    /// <summary>VALIDATOR_REGISTRATION under this chain's genesis fork version.</summary>
    public Root ValidatorRegistration(ValidatorRegistration registration) => ValidatorRegistration(registration, GenesisForkVersion);

    private static Root UInt64Root(ulong value)
    {
        var root = new byte[Root.ByteLength];
        SszChunks.UInt64(value, root);
        return new Root(root);
    }
}
