using Dvt.Consensus.Primitives;

namespace Dvt.Consensus;

/// <summary>
/// The preset values the signing containers depend on (consensus-specs presets/{mainnet,minimal}).
/// MAX_VALIDATORS_PER_COMMITTEE is 2048 in both presets, so it is a constant of <see cref="Containers.Attestation"/>.
/// </summary>
public sealed record ConsensusPreset
{
    public static ConsensusPreset Mainnet { get; } = new("mainnet", slotsPerEpoch: 32, syncCommitteeSize: 512, syncCommitteeSubnetCount: 4, maxCommitteesPerSlot: 64);

    public static ConsensusPreset Minimal { get; } = new("minimal", slotsPerEpoch: 8, syncCommitteeSize: 32, syncCommitteeSubnetCount: 4, maxCommitteesPerSlot: 4);

    public ConsensusPreset(string name, ulong slotsPerEpoch, int syncCommitteeSize, int syncCommitteeSubnetCount, int maxCommitteesPerSlot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfZero(slotsPerEpoch);
        ArgumentOutOfRangeException.ThrowIfLessThan(syncCommitteeSubnetCount, 1);
        if (syncCommitteeSize < syncCommitteeSubnetCount || syncCommitteeSize % syncCommitteeSubnetCount != 0)
            throw new ArgumentException($"SYNC_COMMITTEE_SIZE {syncCommitteeSize} must be a positive multiple of SYNC_COMMITTEE_SUBNET_COUNT {syncCommitteeSubnetCount}", nameof(syncCommitteeSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCommitteesPerSlot, 1);
        Name = name;
        MaxCommitteesPerSlot = maxCommitteesPerSlot;
        SlotsPerEpoch = slotsPerEpoch;
        SyncCommitteeSize = syncCommitteeSize;
        SyncCommitteeSubnetCount = syncCommitteeSubnetCount;
    }

    public string Name { get; }

    public ulong SlotsPerEpoch { get; }

    public int SyncCommitteeSize { get; }

    public int SyncCommitteeSubnetCount { get; }

    /// <summary>MAX_COMMITTEES_PER_SLOT: the bit count of an electra attestation's committee_bits.</summary>
    public int MaxCommitteesPerSlot { get; }

    /// <summary>SYNC_COMMITTEE_SIZE / SYNC_COMMITTEE_SUBNET_COUNT: the bit count of a contribution's aggregation_bits.</summary>
    public int SyncSubcommitteeSize => SyncCommitteeSize / SyncCommitteeSubnetCount;

    /// <summary>compute_epoch_at_slot.</summary>
    public Epoch EpochAt(Slot slot) => new(slot.Value / SlotsPerEpoch);
}
