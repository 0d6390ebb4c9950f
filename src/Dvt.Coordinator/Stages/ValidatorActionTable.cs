using Dvt.Coordinator.Chain;

namespace Dvt.Coordinator.Stages;

/// <summary>
/// The validator state machine as one table: for each <see cref="ValidatorPhase"/>, the steps in the order they run,
/// each for the operators in its <see cref="OperatorRole"/>. A step re-checks chain state before its transaction, so a
/// row may run again on every pass (after a crash, a restart or a reorg) without repeating a finished step.
/// </summary>
public static class ValidatorActionTable
{
    public readonly record struct Row(OperatorRole Role, ValidatorAction Action);

    public static IReadOnlyDictionary<ValidatorPhase, Row[]> Rows { get; } = new Dictionary<ValidatorPhase, Row[]>
    {
        [ValidatorPhase.Unknown] = [],
        [ValidatorPhase.Exited] = [new(OperatorRole.Anyone, ValidatorAction.DeleteShares), new(OperatorRole.Anyone, ValidatorAction.Unpublish)],
        [ValidatorPhase.ExitRequested] = [new(OperatorRole.Owner, ValidatorAction.Exit)],
        [ValidatorPhase.ExitRequestedDistributed] = [new(OperatorRole.Anyone, ValidatorAction.PublishShares), new(OperatorRole.Owner, ValidatorAction.Exit)],

        [ValidatorPhase.SoloKeyRequested] =
        [
            new(OperatorRole.Anyone, ValidatorAction.DeleteShares), new(OperatorRole.NotOwner, ValidatorAction.Unpublish),
            new(OperatorRole.Owner, ValidatorAction.EnsureFullKey), new(OperatorRole.Owner, ValidatorAction.SetSoloPublicKey),
        ],
        [ValidatorPhase.SoloReady] =
        [
            new(OperatorRole.Anyone, ValidatorAction.DeleteShares), new(OperatorRole.NotOwner, ValidatorAction.Unpublish),
            new(OperatorRole.Owner, ValidatorAction.EnsureFullKey), new(OperatorRole.Owner, ValidatorAction.Deposit),
            new(OperatorRole.Owner, ValidatorAction.PromoteStaged), new(OperatorRole.Owner, ValidatorAction.PublishFullKey),
        ],
        [ValidatorPhase.SoloDeposited] =
        [
            new(OperatorRole.Anyone, ValidatorAction.DeleteShares), new(OperatorRole.NotOwner, ValidatorAction.Unpublish),
            new(OperatorRole.Owner, ValidatorAction.EnsureFullKey),
            new(OperatorRole.Owner, ValidatorAction.PromoteStaged), new(OperatorRole.Owner, ValidatorAction.PublishFullKey),
        ],

        // Distributed. Complaints are judged whenever they are seen, even if the owner already restarted the round.
        [ValidatorPhase.DrawWaiting] = [new(OperatorRole.Anyone, ValidatorAction.JudgeComplaints)],
        // Any holder makes the permissionless draw once it is due (the registry refuses a second one, so a race between
        // holders costs one refused call).
        [ValidatorPhase.DrawDue] = [new(OperatorRole.Anyone, ValidatorAction.JudgeComplaints), new(OperatorRole.Holder, ValidatorAction.DrawHolders)],
        [ValidatorPhase.NoRound] = [new(OperatorRole.Anyone, ValidatorAction.JudgeComplaints)],
        [ValidatorPhase.Dealing] =
        [
            new(OperatorRole.Anyone, ValidatorAction.JudgeComplaints), new(OperatorRole.Anyone, ValidatorAction.KeepCurrentShares),
            new(OperatorRole.DealerYetToDeal, ValidatorAction.Deal),
            new(OperatorRole.Anyone, ValidatorAction.PublishShares),
        ],
        [ValidatorPhase.Acking] =
        [
            new(OperatorRole.Anyone, ValidatorAction.JudgeComplaints), new(OperatorRole.Anyone, ValidatorAction.KeepCurrentShares),
            new(OperatorRole.ReceiverYetToAck, ValidatorAction.CheckAndAck), new(OperatorRole.OwnerNotAcking, ValidatorAction.RecoverDkgFullKey),
            new(OperatorRole.Anyone, ValidatorAction.PublishShares),
        ],
        [ValidatorPhase.RoundFailed] =
        [
            new(OperatorRole.Anyone, ValidatorAction.JudgeComplaints), new(OperatorRole.Anyone, ValidatorAction.KeepCurrentShares),
            new(OperatorRole.Owner, ValidatorAction.RestartRound),
            new(OperatorRole.Anyone, ValidatorAction.PublishShares),
        ],
        [ValidatorPhase.RoundCompleted] =
        [
            new(OperatorRole.Anyone, ValidatorAction.JudgeComplaints), new(OperatorRole.Anyone, ValidatorAction.KeepCurrentShares),
            new(OperatorRole.Anyone, ValidatorAction.PublishShares),
            new(OperatorRole.Owner, ValidatorAction.RecoverDkgFullKey),
        ],
        [ValidatorPhase.RoundCompletedReady] =
        [
            new(OperatorRole.Anyone, ValidatorAction.JudgeComplaints), new(OperatorRole.Anyone, ValidatorAction.KeepCurrentShares),
            new(OperatorRole.Anyone, ValidatorAction.PublishShares),
            new(OperatorRole.Owner, ValidatorAction.RecoverDkgFullKey), new(OperatorRole.Owner, ValidatorAction.Deposit),
        ],
        [ValidatorPhase.RoundAborted] =
        [
            new(OperatorRole.Anyone, ValidatorAction.JudgeComplaints), new(OperatorRole.Anyone, ValidatorAction.KeepCurrentShares),
            new(OperatorRole.Anyone, ValidatorAction.PublishShares),
        ],
    };

    /// <summary>The phase of the validator read by <paramref name="pass"/>.</summary>
    public static ValidatorPhase PhaseOf(ValidatorPass pass)
    {
        var v = pass.Validator;
        switch (v.Status)
        {
            case ValidatorStatus.None:
                return ValidatorPhase.Unknown;
            case ValidatorStatus.Exited:
                return ValidatorPhase.Exited;
            case ValidatorStatus.ExitRequested:
                return pass.Round is null ? ValidatorPhase.ExitRequested : ValidatorPhase.ExitRequestedDistributed;
        }
        if (v.Kind is ValidatorKind.Solo or ValidatorKind.Staged)
            return v.Status switch
            {
                ValidatorStatus.Requested => ValidatorPhase.SoloKeyRequested,
                ValidatorStatus.Ready => ValidatorPhase.SoloReady,
                _ => ValidatorPhase.SoloDeposited,
            };
        if (v.PendingDraw != 0)
            return pass.At.Value + 1 >= v.PendingDraw ? ValidatorPhase.DrawDue : ValidatorPhase.DrawWaiting;
        if (pass.Round is not { } round)
            return ValidatorPhase.NoRound;
        return round.Status switch
        {
            RoundStatus.Dealing => ValidatorPhase.Dealing,
            RoundStatus.Acking => ValidatorPhase.Acking,
            RoundStatus.Failed => ValidatorPhase.RoundFailed,
            RoundStatus.Completed => v.Status == ValidatorStatus.Ready ? ValidatorPhase.RoundCompletedReady : ValidatorPhase.RoundCompleted,
            _ => ValidatorPhase.RoundAborted,
        };
    }

    /// <summary>Whether this operator plays <paramref name="role"/> for the validator read by <paramref name="pass"/>.</summary>
    public static bool Plays(OperatorRole role, ValidatorPass pass) => role switch
    {
        OperatorRole.Anyone => true,
        OperatorRole.Owner => pass.IsOwner,
        OperatorRole.NotOwner => !pass.IsOwner,
        OperatorRole.Holder => pass.Validator.Holders.Contains(pass.Me),
        OperatorRole.DealerYetToDeal => pass.Round is { } r && r.Dealers.Contains(pass.Me) && !r.HasDealt(pass.Me),
        OperatorRole.ReceiverYetToAck => IsReceiverYetToAck(pass),
        OperatorRole.OwnerNotAcking => pass.IsOwner && !IsReceiverYetToAck(pass),
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not a role of the table"),
    };

    private static bool IsReceiverYetToAck(ValidatorPass pass) => pass.Round is { } r && r.Receivers.Contains(pass.Me) && !r.HasAcked(pass.Me);
}
