using System.Collections.Concurrent;
using Dvt.Consensus;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;
using Dvt.Duties.Values;
using Dvt.Qbft.Engine;
using Dvt.Qbft.Messages;

namespace Dvt.Duties.Consensus;

/// <summary>
/// QBFT's validity predicate for duty data, as each holder judges a proposal: its slot (and, for attestations, target
/// epoch) is the instance's; its own beacon node agrees where it gave this holder an input (the same source and target
/// checkpoints for an attestation, the same proposer and parent for a block); and it would not surround, or be
/// surrounded by, an attestation this holder set already decided. (Not a double-vote check: the set decides every
/// slot, and its validators attest at different slots of one epoch with the same target. The slashing database,
/// keyed by the validator, is checked before any partial.)
/// <para>Aggregates and contributions (one instance per committee, <see cref="DutyInstances"/>) are valid only for an
/// instance of a holder set here, with the instance's slot and committee (subcommittee) index, at least one
/// aggregation bit, and the data this holder set decided for the slot: the aggregate's attestation data is the
/// decided one (any committee index), the contribution's block root the decided head root. Until that decision is
/// here the proposal is refused; the round change after it re-judges.</para>
/// </summary>
public sealed class DutyValueValidator(
    ConsensusPreset preset, Func<InstanceId, byte[]?> ownInput, Func<InstanceId, DutyPart?>? partOf = null, Func<InstanceId, byte[]?>? decided = null)
    : IValueValidator
{
    private readonly ConcurrentDictionary<Sha256Digest, ConcurrentDictionary<ulong, AttestationData>> _decidedAttestations = new();

    public ValueJudgement Judge(InstanceId instance, ReadOnlySpan<byte> value)
    {
        try
        {
            return instance.Duty switch
            {
                DutyType.Attester => JudgeAttestation(instance, AttestationValue.Decode(value)),
                DutyType.Proposer => JudgeBlock(instance, BlockProposalValue.Parse(value)),
                DutyType.SyncCommitteeMessage => value.Length == 32
                    ? ValueJudgement.Valid
                    : new ValueJudgement.Refused($"a head root is 32 bytes, got {value.Length}"),
                DutyType.Aggregator => AggregateValue.IsElectra(value)
                    ? JudgeElectraAggregate(instance, AggregateValue.DecodeElectra(value, preset))
                    : JudgeAggregate(instance, AggregateValue.Decode(value)),
                DutyType.SyncCommitteeContribution => JudgeContribution(instance, ContributionValue.Decode(value, preset)),
                _ => new ValueJudgement.Refused($"{instance.Duty} is not decided by duty consensus here"),
            };
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or Dvt.Consensus.Ssz.SszDecodingException or ArgumentException
            or OverflowException or InvalidOperationException or KeyNotFoundException or NotSupportedException)
        {
            return new ValueJudgement.Refused($"not a {instance.Duty} value: {e.Message}");
        }
    }

    /// <summary>Records a decided attestation, against which later proposals of this holder set are judged.</summary>
    public void RecordDecided(InstanceId instance, byte[] value)
    {
        if (instance.Duty != DutyType.Attester)
            return;
        var data = AttestationValue.Decode(value);
        var decided = _decidedAttestations.GetOrAdd(instance.HolderSet, _ => new());
        decided[data.Target.Epoch.Value] = data;
        // Bounded: targets far behind cannot be surrounded by anything an honest beacon node proposes now.
        foreach (var old in decided.Keys.Where(t => t + 64 < data.Target.Epoch.Value))
            decided.TryRemove(old, out _);
    }

    private ValueJudgement JudgeAttestation(InstanceId instance, AttestationData data)
    {
        if (data.Slot.Value != instance.Slot.Value)
            return new ValueJudgement.Refused($"attestation for slot {data.Slot.Value}, the duty is at slot {instance.Slot.Value}");
        if (data.Index.Value != 0)
            return new ValueJudgement.Refused($"a decided attestation carries committee index 0, got {data.Index.Value}");
        var epoch = preset.EpochAt(data.Slot).Value;
        if (data.Target.Epoch.Value != epoch)
            return new ValueJudgement.Refused($"target epoch {data.Target.Epoch.Value} is not the slot's epoch {epoch}");
        if (data.Source.Epoch.Value > data.Target.Epoch.Value)
            return new ValueJudgement.Refused($"source epoch {data.Source.Epoch.Value} is after target epoch {data.Target.Epoch.Value}");
        if (ownInput(instance) is { } mine)
        {
            var own = AttestationValue.Decode(mine);
            if (own.Source != data.Source || own.Target != data.Target)
                return new ValueJudgement.Refused(
                    $"this holder's beacon node says source {own.Source.Epoch.Value}/{own.Source.Root} target {own.Target.Epoch.Value}/{own.Target.Root}, the proposal {data.Source.Epoch.Value}/{data.Source.Root} {data.Target.Epoch.Value}/{data.Target.Root}");
        }
        if (_decidedAttestations.TryGetValue(instance.HolderSet, out var decided))
        {
            foreach (var earlier in decided.Values)
            {
                var s = data.Source.Epoch.Value;
                var t = data.Target.Epoch.Value;
                var s0 = earlier.Source.Epoch.Value;
                var t0 = earlier.Target.Epoch.Value;
                if ((s < s0 && t > t0) || (s > s0 && t < t0))
                    return new ValueJudgement.Refused($"surround vote: {s}->{t} against the decided {s0}->{t0}");
            }
        }
        return ValueJudgement.Valid;
    }

    private ValueJudgement JudgeAggregate(InstanceId instance, Attestation aggregate) =>
        JudgeAggregateOf(instance, aggregate.Data, aggregate.AggregationBits, part => aggregate.Data.Index.Value != part.Index
            ? $"aggregate of committee {aggregate.Data.Index.Value}, the instance is committee {part.Index}"
            : null);

    /// <summary>Electra (EIP-7549): the data's index is 0 and committee_bits names exactly the instance's committee.</summary>
    private ValueJudgement JudgeElectraAggregate(InstanceId instance, ElectraAttestation aggregate) =>
        JudgeAggregateOf(instance, aggregate.Data, aggregate.AggregationBits, part =>
            aggregate.Data.Index.Value != 0 ? $"an electra aggregate's data has index 0, got {aggregate.Data.Index.Value}"
            : AggregateValue.SoleCommittee(aggregate) != part.Index ? $"an electra aggregate of this instance sets committee bit {part.Index} and no other"
            : null);

    /// <summary>
    /// What both forks' aggregates must satisfy: this holder set's instance, the duty's slot, the fork's committee check
    /// (<paramref name="committeeRefusal"/>: the reason, or null when it passes), an aggregation bit, and the data
    /// decided for the slot.
    /// </summary>
    private ValueJudgement JudgeAggregateOf(InstanceId instance, AttestationData data, Bitlist aggregationBits, Func<DutyPart, string?> committeeRefusal)
    {
        if (partOf?.Invoke(instance) is not { } part)
            return new ValueJudgement.Refused("not an aggregate instance of a holder set here");
        if (data.Slot.Value != instance.Slot.Value)
            return new ValueJudgement.Refused($"aggregate for slot {data.Slot.Value}, the duty is at slot {instance.Slot.Value}");
        if (committeeRefusal(part) is { } refusal)
            return new ValueJudgement.Refused(refusal);
        if (!Enumerable.Range(0, aggregationBits.Count).Any(i => aggregationBits[i]))
            return new ValueJudgement.Refused("aggregate has no aggregation bit set");
        var attester = new InstanceId(part.HolderSet, DutyType.Attester, instance.Slot);
        if (decided?.Invoke(attester) is not { } decidedData)
            return new ValueJudgement.Refused($"no attestation data decided for slot {instance.Slot.Value} yet");
        return AttestationValue.Matches(AttestationValue.Decode(decidedData), data)
            ? ValueJudgement.Valid
            : new ValueJudgement.Refused("the aggregate's attestation data is not the data the holders decided for the slot");
    }

    private ValueJudgement JudgeContribution(InstanceId instance, SyncCommitteeContribution contribution)
    {
        if (partOf?.Invoke(instance) is not { } part)
            return new ValueJudgement.Refused("not a contribution instance of a holder set here");
        if (contribution.Slot.Value != instance.Slot.Value)
            return new ValueJudgement.Refused($"contribution for slot {contribution.Slot.Value}, the duty is at slot {instance.Slot.Value}");
        if (contribution.SubcommitteeIndex != part.Index)
            return new ValueJudgement.Refused($"contribution of subcommittee {contribution.SubcommitteeIndex}, the instance is subcommittee {part.Index}");
        if (!Enumerable.Range(0, contribution.AggregationBits.Count).Any(i => contribution.AggregationBits[i]))
            return new ValueJudgement.Refused("contribution has no aggregation bit set");
        var head = new InstanceId(part.HolderSet, DutyType.SyncCommitteeMessage, instance.Slot);
        if (decided?.Invoke(head) is not { } root)
            return new ValueJudgement.Refused($"no head root decided for slot {instance.Slot.Value} yet");
        return root.AsSpan().SequenceEqual(contribution.BeaconBlockRoot.AsSpan())
            ? ValueJudgement.Valid
            : new ValueJudgement.Refused($"contribution for block {contribution.BeaconBlockRoot}, the holders decided head {Root.FromBytes(root)}");
    }

    private ValueJudgement JudgeBlock(InstanceId instance, BlockProposalValue block)
    {
        if (block.Slot.Value != instance.Slot.Value)
            return new ValueJudgement.Refused($"block for slot {block.Slot.Value}, the duty is at slot {instance.Slot.Value}");
        if (ownInput(instance) is { } mine)
        {
            var own = BlockProposalValue.Parse(mine);
            if (own.ProposerIndex != block.ProposerIndex)
                return new ValueJudgement.Refused($"proposer {block.ProposerIndex.Value}, this holder's beacon node says {own.ProposerIndex.Value}");
            if (own.ParentRoot != block.ParentRoot)
                return new ValueJudgement.Refused($"parent {block.ParentRoot}, this holder's beacon node builds on {own.ParentRoot}");
        }
        return ValueJudgement.Valid;
    }
}
