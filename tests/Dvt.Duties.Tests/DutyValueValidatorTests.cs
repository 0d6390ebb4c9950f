using System.Text;
using CsCheck;
using Dvt.Consensus;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Primitives;
using Dvt.Duties.Consensus;
using Dvt.Duties.Values;
using Dvt.Qbft.Engine;
using Dvt.Qbft.Messages;

namespace Dvt.Duties.Tests;

/// <summary>
/// The validity predicate judges values proposed by other holders, i.e. bytes from the network: any bytes get a
/// verdict (never an exception), and the rules hold: slot and target epoch of the instance, agreement with the
/// holder's own beacon node, no double or surround vote against what this holder set decided.
/// </summary>
public sealed class DutyValueValidatorTests
{
    private static readonly Sha256Digest Holders = Sha256Digest.Of([7]);
    private static readonly Root A = Root.Parse("0x" + new string('a', 64));
    private static readonly Root B = Root.Parse("0x" + new string('b', 64));

    private static AttestationData Vote(ulong slot, ulong source, Root head) =>
        new(new Slot(slot), new CommitteeIndex(0), head, new Checkpoint(new Epoch(source), A), new Checkpoint(new Epoch(slot / 8), A));

    private static InstanceId Attester(ulong slot) => new(Holders, DutyType.Attester, new Slot(slot));

    [Fact]
    public void Random_bytes_for_every_duty_get_a_verdict_never_an_exception()
    {
        var validator = new DutyValueValidator(ConsensusPreset.Minimal, _ => null);
        Gen.Select(Gen.Byte.Array[0, 400], Gen.OneOf(Gen.Const(DutyType.Attester), Gen.Const(DutyType.Proposer), Gen.Const(DutyType.SyncCommitteeMessage), Gen.Const(DutyType.Aggregator)))
            .Sample((bytes, duty) => Assert.NotNull(validator.Judge(new InstanceId(Holders, duty, new Slot(9)), bytes)), iter: 2000);
    }

    [Fact]
    public void Json_shaped_garbage_proposed_as_a_block_gets_a_refusal()
    {
        var validator = new DutyValueValidator(ConsensusPreset.Minimal, _ => null);
        var field = Gen.OneOf(new[] { "slot", "proposer_index", "parent_root", "state_root", "body", "version", "data", "x" }.Select(Gen.Const).ToArray());
        var value = Gen.OneOf(Gen.String.AlphaNumeric, Gen.Const("0x" + new string('1', 64)), Gen.Const("{}"), Gen.Const("[]"), Gen.Const("9"));
        Gen.Select(field, value, field, value).Sample((f1, v1, f2, v2) =>
        {
            var json = $"{{\"version\":\"altair\",\"data\":{{\"{f1}\":\"{v1}\",\"{f2}\":{v2}}}}}";
            Assert.IsType<ValueJudgement.Refused>(validator.Judge(new InstanceId(Holders, DutyType.Proposer, new Slot(9)), Encoding.UTF8.GetBytes(json)));
        }, iter: 500);
    }

    [Fact]
    public void An_attestation_for_another_slot_or_disagreeing_with_the_own_beacon_node_is_refused()
    {
        var own = AttestationValue.Encode(Vote(17, 1, A));
        var validator = new DutyValueValidator(ConsensusPreset.Minimal, _ => own);
        Assert.IsType<ValueJudgement.Accepted>(validator.Judge(Attester(17), AttestationValue.Encode(Vote(17, 1, B))));
        Assert.IsType<ValueJudgement.Refused>(validator.Judge(Attester(18), AttestationValue.Encode(Vote(17, 1, A))));
        Assert.IsType<ValueJudgement.Refused>(validator.Judge(Attester(17), AttestationValue.Encode(Vote(17, 0, A))));
    }

    [Fact]
    public void A_vote_surrounding_a_decided_attestation_is_refused_while_later_slots_of_the_epoch_are_not()
    {
        var validator = new DutyValueValidator(ConsensusPreset.Minimal, _ => null);
        validator.RecordDecided(Attester(24), AttestationValue.Encode(Vote(24, 2, A)));
        // Other validators of the set attest later in the same epoch (same target, another head): not a conflict.
        Assert.IsType<ValueJudgement.Accepted>(validator.Judge(Attester(25), AttestationValue.Encode(Vote(25, 2, B))));
        // Source 1 -> target 5 surrounds the decided 2 -> 3.
        Assert.IsType<ValueJudgement.Refused>(validator.Judge(Attester(40), AttestationValue.Encode(Vote(40, 1, A))));
        Assert.IsType<ValueJudgement.Accepted>(validator.Judge(Attester(40), AttestationValue.Encode(Vote(40, 2, A))));
    }
}
