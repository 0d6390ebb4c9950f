using System.Collections.Concurrent;
using Dvt.ContractBindings;
using Dvt.Coordinator.Chain;
using Dvt.Crypto.Bls;
using Dvt.Crypto.KeyRounds;

namespace Dvt.Coordinator.Rounds;

/// <summary>
/// Rebuilds a key round as every coordinator and auditor sees it, from chain state alone: the round's members
/// (registry views), the operators' registered share-encryption keys, and for a reshare the previous completed
/// round's public shares (recomputed from that round's deals, recursively). Outcomes of completed rounds are cached.
/// </summary>
public sealed class RoundAssembler(ulong chainId, Address registry, CoordinatorState state)
{
    private readonly ConcurrentDictionary<(ulong, uint), KeyRoundOutcome> completedOutcomes = new();

    public RoundId IdOf(ulong validatorId, uint round) => new(chainId, registry.Bytes, validatorId, round);

    public async Task<KeyRound> BuildAsync(RegistrySnapshot chain, ValidatorView validator, RoundView round, CancellationToken ct)
    {
        var receivers = new List<RoundParticipant>();
        foreach (var receiver in round.Receivers)
            receivers.Add(await chain.ParticipantAsync(receiver, ct).ConfigureAwait(false));
        var id = IdOf(validator.ValidatorId, round.Round);
        switch (round.Kind)
        {
            case RoundKind.Split:
                return KeyRound.Split(id, round.Threshold, validator.Owner, receivers);
            case RoundKind.Dkg:
                return KeyRound.Dkg(id, round.Threshold, await chain.ParticipantAsync(validator.Owner, ct).ConfigureAwait(false), receivers);
            case RoundKind.Reshare:
                var previous = await PreviousCompletedAsync(chain, validator.ValidatorId, round.Round, ct).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"validator {validator.ValidatorId} round {round.Round} is a reshare but no earlier round completed");
                var previousOutcome = await OutcomeAsync(chain, validator, previous, ct).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"validator {validator.ValidatorId}: the deals of round {previous.Round} are not all known yet");
                var dealers = round.Dealers.Select(dealer =>
                {
                    var oldIndex = previous.Receivers.ToList().IndexOf(dealer) + 1;
                    if (oldIndex == 0)
                        throw new InvalidOperationException($"validator {validator.ValidatorId} round {round.Round}: dealer {dealer} held no share in round {previous.Round}");
                    var publicShare = previousOutcome.PublicShares[oldIndex - 1];
                    return new ReshareDealer(dealer, publicShare.Index, publicShare.PublicKey);
                }).ToList();
                return KeyRound.Reshare(id, round.Threshold, BlsPublicKey.Decode(validator.PublicKey), dealers, receivers);
            default:
                throw new InvalidOperationException($"validator {validator.ValidatorId} round {round.Round} has unknown kind {(byte)round.Kind}");
        }
    }

    /// <summary>The last completed round before <paramref name="beforeRound"/> (exclusive), or null.</summary>
    public static async Task<RoundView?> PreviousCompletedAsync(RegistrySnapshot chain, ulong validatorId, uint beforeRound, CancellationToken ct)
    {
        for (var r = beforeRound - 1; r >= 1; r--)
        {
            var view = await chain.RoundAsync(validatorId, r, ct).ConfigureAwait(false);
            if (view.Status == RoundStatus.Completed)
                return view;
        }
        return null;
    }

    /// <summary>The last completed round up to and including <paramref name="upToRound"/>, or null.</summary>
    public static Task<RoundView?> LastCompletedAsync(RegistrySnapshot chain, ulong validatorId, uint upToRound, CancellationToken ct) =>
        PreviousCompletedAsync(chain, validatorId, upToRound + 1, ct);

    /// <summary>The deals of a round known locally, when they cover every dealer the registry says dealt; else null.</summary>
    public IReadOnlyDictionary<ulong, StoredDeal>? DealsIfComplete(RoundView round)
    {
        var deals = state.Deals(round.ValidatorId, round.Round).ToDictionary(d => d.DealerId);
        return round.DealersWhoDealt.All(deals.ContainsKey) ? deals : null;
    }

    /// <summary>What a round with all its deals yields (group key, public shares); null while deals are missing locally.</summary>
    public async Task<KeyRoundOutcome?> OutcomeAsync(RegistrySnapshot chain, ValidatorView validator, RoundView round, CancellationToken ct)
    {
        if (round.Status == RoundStatus.Completed && completedOutcomes.TryGetValue((round.ValidatorId, round.Round), out var cached))
            return cached;
        var deals = DealsIfComplete(round);
        if (deals is null)
            return null;
        var keyRound = await BuildAsync(chain, validator, round, ct).ConfigureAwait(false);
        var outcome = KeyRoundOutcome.Compute(keyRound, CommitmentsOf(keyRound, round, deals));
        if (round.Status == RoundStatus.Completed)
            completedOutcomes[(round.ValidatorId, round.Round)] = outcome;
        return outcome;
    }

    public static Dictionary<ulong, FeldmanCommitment> CommitmentsOf(KeyRound keyRound, RoundView round, IReadOnlyDictionary<ulong, StoredDeal> deals) =>
        keyRound.SelectDealers(round.DealersWhoDealt).ToDictionary(d => d, d => FeldmanCommitment.Parse(deals[d].Commitments, keyRound.Threshold));

    /// <summary>Forgets cached outcomes (after a reorg).</summary>
    public void Forget() => completedOutcomes.Clear();
}
