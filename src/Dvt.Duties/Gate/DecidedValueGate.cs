using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing.Web3Signer;
using Dvt.Duties.Consensus;
using Dvt.Duties.Values;
using Dvt.Qbft.Messages;
using Dvt.Signer.Directory;
using Dvt.Signer.Duties;
using Dvt.Signer;

namespace Dvt.Duties.Gate;

/// <summary>
/// The signing side of duty consensus: a holder releases a partial (and the owner uses the recovery key) for duty
/// data only when it equals what the validator's holders decided. Attestations must carry the decided attestation data
/// (any committee index), blocks the decided block, sync-committee messages the decided head root; an aggregate must be
/// its committee's decided aggregate and a contribution its subcommittee's decided contribution, bit for bit (those
/// instances in turn decide only values over the decided attestation data / head root). An instance this holder has
/// not joined yet is joined with its own beacon node's data (blocks, aggregates and contributions excepted: they need
/// the validator client's request; the holder then follows the others' instance), and the decision is awaited up to
/// <paramref name="decisionTimeout"/>.
/// </summary>
public sealed class DecidedValueGate(IDutyConsensus consensus, TimeSpan decisionTimeout) : IDutyDataGate
{
    public async Task<DutyDataVerdict> CheckAsync(ValidatorSigningSet set, SignRequest request, CancellationToken cancellationToken)
    {
        if (set.IsSolo)
            return DutyDataVerdict.Allowed; // one key, no holders to agree with
        var holders = SigningDirectoryHolderSets.Of(set).Id;
        switch (request)
        {
            case AttestationRequest attestation:
            {
                var decided = await DecisionAsync(new InstanceId(holders, DutyType.Attester, attestation.Attestation.Slot), cancellationToken);
                return decided is null
                    ? Undecided("attestation data", attestation.Attestation.Slot.Value)
                    : AttestationValue.Matches(AttestationValue.Decode(decided), attestation.Attestation)
                        ? DutyDataVerdict.Allowed
                        : Differs("attestation data", attestation.Attestation.Slot.Value);
            }
            case AggregateAndProofRequest aggregate:
            {
                var signed = aggregate.AggregateAndProof.Aggregate;
                var decided = await DecisionAsync(DutyInstances.Aggregate(holders, signed.Data.Index, signed.Data.Slot), cancellationToken);
                return decided is null
                    ? Undecided($"aggregate of committee {signed.Data.Index.Value}", signed.Data.Slot.Value)
                    : AggregateValue.Matches(decided, signed)
                        ? DutyDataVerdict.Allowed
                        : Differs($"aggregate of committee {signed.Data.Index.Value}", signed.Data.Slot.Value);
            }
            case ElectraAggregateAndProofRequest electra:
            {
                var signed = electra.AggregateAndProof.Aggregate;
                if (AggregateValue.SoleCommittee(signed) is not { } committee || signed.Data.Index.Value != 0)
                    return new DutyDataVerdict.NotDecided($"an electra aggregate for slot {signed.Data.Slot.Value} must set one committee bit and data index 0");
                var decided = await DecisionAsync(DutyInstances.Aggregate(holders, new CommitteeIndex(committee), signed.Data.Slot), cancellationToken);
                return decided is null
                    ? Undecided($"aggregate of committee {committee}", signed.Data.Slot.Value)
                    : AggregateValue.Matches(decided, signed)
                        ? DutyDataVerdict.Allowed
                        : Differs($"aggregate of committee {committee}", signed.Data.Slot.Value);
            }
            case BlockRequest block:
            {
                var decided = await DecisionAsync(new InstanceId(holders, DutyType.Proposer, block.Header.Slot), cancellationToken);
                return decided is null
                    ? Undecided("block", block.Header.Slot.Value)
                    : BlockProposalValue.Parse(decided).Matches(block.Header)
                        ? DutyDataVerdict.Allowed
                        : Differs("block", block.Header.Slot.Value);
            }
            case SyncCommitteeMessageRequest message:
            {
                var decided = await DecisionAsync(new InstanceId(holders, DutyType.SyncCommitteeMessage, message.Slot), cancellationToken);
                return decided is null
                    ? Undecided("head root", message.Slot.Value)
                    : decided.AsSpan().SequenceEqual(message.BeaconBlockRoot.AsSpan())
                        ? DutyDataVerdict.Allowed
                        : Differs("head root", message.Slot.Value);
            }
            case SyncCommitteeContributionAndProofRequest contribution:
            {
                var c = contribution.ContributionAndProof.Contribution;
                var decided = await DecisionAsync(DutyInstances.Contribution(holders, c.SubcommitteeIndex, c.Slot), cancellationToken);
                return decided is null
                    ? Undecided($"contribution of subcommittee {c.SubcommitteeIndex}", c.Slot.Value)
                    : ContributionValue.Matches(decided, c)
                        ? DutyDataVerdict.Allowed
                        : Differs($"contribution of subcommittee {c.SubcommitteeIndex}", c.Slot.Value);
            }
            default:
                return DutyDataVerdict.Allowed;
        }
    }

    private async Task<byte[]?> DecisionAsync(InstanceId instance, CancellationToken cancellationToken)
    {
        if (consensus.Decided(instance) is { } decided)
            return decided;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(decisionTimeout);
        try
        {
            return await consensus.DecideAsync(instance, null, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or FormatException)
        {
            return null; // no own data to join with and nothing decided: not decided
        }
    }

    private DutyDataVerdict Undecided(string what, ulong slot) =>
        new DutyDataVerdict.NotDecided($"the holders decided no {what} for slot {slot} within {decisionTimeout.TotalSeconds} s");

    private static DutyDataVerdict Differs(string what, ulong slot) =>
        new DutyDataVerdict.NotDecided($"the {what} differs from the one the holders decided for slot {slot}");
}
