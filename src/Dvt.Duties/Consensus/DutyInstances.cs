using System.Buffers.Binary;
using System.Security.Cryptography;
using Dvt.Consensus.Primitives;
using Dvt.Qbft.Messages;

namespace Dvt.Duties.Consensus;

/// <summary>
/// Which QBFT instance decides what. Attester, proposer and sync-committee-message instances are one per (holder set,
/// duty, slot). Aggregates and contributions are one per committee (resp. sync subcommittee) of a slot, because a
/// holder set's validators may aggregate several committees in one slot: their instance names a derived holder-set id,
/// <c>sha256("dvt/qbft/duty-part" || holder-set id || duty (1) || index (8, big-endian))</c>, which
/// <see cref="SigningDirectoryHolderSets"/> maps back to the holders (the engine takes the holders from it, not the id).
/// </summary>
public static class DutyInstances
{
    /// <summary>MAX_COMMITTEES_PER_SLOT: committee indices an aggregate instance may name.</summary>
    public const ulong MaxCommitteesPerSlot = 64;

    /// <summary>SYNC_COMMITTEE_SUBNET_COUNT: subcommittee indices a contribution instance may name.</summary>
    public const ulong SyncSubnetCount = 4;

    public static InstanceId Aggregate(Sha256Digest holderSet, CommitteeIndex committee, Slot slot) =>
        new(Derive(holderSet, DutyType.Aggregator, committee.Value), DutyType.Aggregator, slot);

    public static InstanceId Contribution(Sha256Digest holderSet, ulong subcommittee, Slot slot) =>
        new(Derive(holderSet, DutyType.SyncCommitteeContribution, subcommittee), DutyType.SyncCommitteeContribution, slot);

    /// <summary>Every derived id of one holder set (for the reverse map).</summary>
    public static IEnumerable<(Sha256Digest Derived, DutyPart Part)> PartsOf(Sha256Digest holderSet)
    {
        for (ulong i = 0; i < MaxCommitteesPerSlot; i++)
            yield return (Derive(holderSet, DutyType.Aggregator, i), new DutyPart(holderSet, DutyType.Aggregator, i));
        for (ulong i = 0; i < SyncSubnetCount; i++)
            yield return (Derive(holderSet, DutyType.SyncCommitteeContribution, i), new DutyPart(holderSet, DutyType.SyncCommitteeContribution, i));
    }

    private static Sha256Digest Derive(Sha256Digest holderSet, DutyType duty, ulong index)
    {
        Span<byte> encoded = stackalloc byte[18 + 32 + 1 + 8];
        "dvt/qbft/duty-part"u8.CopyTo(encoded);
        holderSet.AsSpan().CopyTo(encoded[18..]);
        encoded[50] = (byte)duty;
        BinaryPrimitives.WriteUInt64BigEndian(encoded[51..], index);
        return new Sha256Digest(SHA256.HashData(encoded));
    }
}

/// <summary>An aggregate or contribution instance's holder set and committee (subcommittee) index.</summary>
public readonly record struct DutyPart(Sha256Digest HolderSet, DutyType Duty, ulong Index);
