using CsCheck;
using Dvt.Consensus;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;
using Dvt.Duties.Consensus;
using Dvt.Duties.Values;
using Dvt.Qbft.Engine;
using Dvt.Qbft.Messages;

namespace Dvt.Duties.Tests;

/// <summary>
/// Aggregate and contribution proposals are bytes from other holders: they are valid only for an aggregate
/// (contribution) instance of a known holder set, of its committee (subcommittee) and slot, with at least one bit set,
/// over the attestation data (head root) this holder set decided for the slot.
/// </summary>
public sealed class AggregateValidityTests
{
    private static readonly Sha256Digest Holders = Sha256Digest.Of([7]);
    private static readonly Root A = Root.Parse("0x" + new string('a', 64));
    private static readonly Root B = Root.Parse("0x" + new string('b', 64));
    private static readonly BlsSignatureBytes NoSignature = new(new byte[96]);
    private const ulong Slot = 17;

    private static AttestationData Vote(ulong committee, Root head) =>
        new(new Slot(Slot), new CommitteeIndex(committee), head, new Checkpoint(new Epoch(1), A), new Checkpoint(new Epoch(2), A));

    private static byte[] Aggregate(ulong committee, Root head, params bool[] bits) =>
        AggregateValue.Encode(new Attestation(Bitlist.FromBits(bits), Vote(committee, head), NoSignature));

    private static byte[] Contribution(ulong subcommittee, Root head, params bool[] bits) =>
        ContributionValue.Encode(new SyncCommitteeContribution(new Slot(Slot), head, subcommittee, Bitvector.FromBits(bits), NoSignature));

    private static readonly bool[] OneBit = [false, true, false, false, false, false, false, false];
    private static readonly bool[] NoBit = new bool[8];

    /// <summary>A validator for a holder that decided attestation data with head A and head root A at <see cref="Slot"/>.</summary>
    private static DutyValueValidator Validator(bool decided = true)
    {
        var parts = DutyInstances.PartsOf(Holders).ToDictionary(p => p.Derived, p => p.Part);
        return new DutyValueValidator(ConsensusPreset.Minimal, _ => null,
            instance => parts.TryGetValue(instance.HolderSet, out var part) && part.Duty == instance.Duty ? part : null,
            instance => !decided ? null : instance.Duty switch
            {
                DutyType.Attester when instance.HolderSet == Holders => AttestationValue.Encode(Vote(0, A)),
                DutyType.SyncCommitteeMessage when instance.HolderSet == Holders => A.ToArray(),
                _ => null,
            });
    }

    private static InstanceId AggregateOf(ulong committee) => DutyInstances.Aggregate(Holders, new CommitteeIndex(committee), new Slot(Slot));

    private static InstanceId ContributionOf(ulong subcommittee) => DutyInstances.Contribution(Holders, subcommittee, new Slot(Slot));

    [Fact]
    public void The_decided_datas_aggregate_of_the_instances_committee_is_valid_and_every_deviation_is_refused()
    {
        var validator = Validator();
        Assert.IsType<ValueJudgement.Accepted>(validator.Judge(AggregateOf(3), Aggregate(3, A, OneBit)));
        Assert.IsType<ValueJudgement.Refused>(validator.Judge(AggregateOf(3), Aggregate(3, B, OneBit))); // not the decided data
        Assert.IsType<ValueJudgement.Refused>(validator.Judge(AggregateOf(2), Aggregate(3, A, OneBit))); // another committee
        Assert.IsType<ValueJudgement.Refused>(validator.Judge(AggregateOf(3), Aggregate(3, A, NoBit))); // aggregates nobody
        Assert.IsType<ValueJudgement.Refused>(validator.Judge(AggregateOf(3) with { Slot = new Slot(Slot + 1) }, Aggregate(3, A, OneBit)));
        Assert.IsType<ValueJudgement.Refused>(Validator(decided: false).Judge(AggregateOf(3), Aggregate(3, A, OneBit))); // nothing decided yet
        // An aggregate instance of a holder set this operator is not in.
        Assert.IsType<ValueJudgement.Refused>(validator.Judge(DutyInstances.Aggregate(Sha256Digest.Of([8]), new CommitteeIndex(3), new Slot(Slot)), Aggregate(3, A, OneBit)));
    }

    [Fact]
    public void The_decided_head_roots_contribution_of_the_instances_subcommittee_is_valid_and_every_deviation_is_refused()
    {
        var validator = Validator();
        Assert.IsType<ValueJudgement.Accepted>(validator.Judge(ContributionOf(1), Contribution(1, A, OneBit)));
        Assert.IsType<ValueJudgement.Refused>(validator.Judge(ContributionOf(1), Contribution(1, B, OneBit)));
        Assert.IsType<ValueJudgement.Refused>(validator.Judge(ContributionOf(2), Contribution(1, A, OneBit)));
        Assert.IsType<ValueJudgement.Refused>(validator.Judge(ContributionOf(1), Contribution(1, A, NoBit)));
        Assert.IsType<ValueJudgement.Refused>(Validator(decided: false).Judge(ContributionOf(1), Contribution(1, A, OneBit)));
        // A contribution proposed under an aggregate instance's id (same holder set, same index) is not one.
        Assert.IsType<ValueJudgement.Refused>(validator.Judge(AggregateOf(1) with { Duty = DutyType.SyncCommitteeContribution }, Contribution(1, A, OneBit)));
    }

    [Fact]
    public void Random_bytes_as_an_aggregate_or_contribution_get_a_verdict_never_an_exception()
    {
        var validator = Validator();
        Gen.Select(Gen.Byte.Array[0, 400], Gen.Bool).Sample((bytes, aggregate) =>
            Assert.NotNull(validator.Judge(aggregate ? AggregateOf(0) : ContributionOf(0), bytes)), iter: 2000);
    }

    [Fact]
    public void Derived_instance_ids_are_distinct_per_duty_and_index_and_differ_from_the_holder_set_id()
    {
        var ids = DutyInstances.PartsOf(Holders).Select(p => p.Derived).Append(Holders).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal(64 + 4 + 1, ids.Length);
    }
}
