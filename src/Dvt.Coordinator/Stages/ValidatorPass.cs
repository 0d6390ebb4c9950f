using Dvt.ContractBindings;
using Dvt.Coordinator.Chain;
using Dvt.Coordinator.Rounds;

namespace Dvt.Coordinator.Stages;

/// <summary>
/// What one pass knows of one validator at the confirmed block: its registry view and, for a distributed validator with
/// a round to look at, the current round and the last completed one. Every step of the pass reads from here.
/// </summary>
public sealed record ValidatorPass(RegistrySnapshot Chain, BlockNumber At, ulong Me, ValidatorView Validator, RoundView? Round, RoundView? LastCompleted)
{
    public bool IsOwner => Validator.Owner == Me;

    /// <summary>This operator is a holder and received a share in the last completed round.</summary>
    public bool Holding => Validator.Holders.Contains(Me) && LastCompleted is not null && LastCompleted.Receivers.Contains(Me);

    /// <summary>
    /// Reads the validator and, only where a phase depends on it, its rounds: a distributed validator with a current round
    /// whose exit is requested, or that is not waiting for its holders to be drawn.
    /// </summary>
    public static async Task<ValidatorPass> ReadAsync(RegistrySnapshot chain, BlockNumber at, ulong me, ulong validatorId, CancellationToken ct)
    {
        var v = await chain.ValidatorAsync(validatorId, ct).ConfigureAwait(false);
        var readsRound = v.Kind == ValidatorKind.Dvt && v.CurrentRound != 0 && v.Status switch
        {
            ValidatorStatus.None or ValidatorStatus.Exited => false,
            ValidatorStatus.ExitRequested => true,
            _ => v.PendingDraw == 0,
        };
        if (!readsRound)
            return new ValidatorPass(chain, at, me, v, null, null);
        var round = await chain.RoundAsync(validatorId, v.CurrentRound, ct).ConfigureAwait(false);
        var lastCompleted = round.Status == RoundStatus.Completed ? round : await RoundAssembler.PreviousCompletedAsync(chain, validatorId, round.Round, ct).ConfigureAwait(false);
        return new ValidatorPass(chain, at, me, v, round, lastCompleted);
    }
}
