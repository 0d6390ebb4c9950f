using Dvt.ContractBindings;
using Dvt.Coordinator.Chain;

namespace Dvt.Coordinator;

/// <summary>
/// Which validators a pass looks at, so that a pass costs work in proportion to what changed. Events the follower
/// sees mark their validators touched (<see cref="CoordinatorState"/>); this adds what no event announces:
/// <list type="bullet">
/// <item>a validator whose next step waits for a block height: a holder draw that becomes due at its draw block, a
/// failed round whose owner gives a complaint's ruling some blocks before restarting (looked at again at the next
/// confirmed block, not every poll);</item>
/// <item>a staged validator, which the owner promotes once enough operators are active: looked at when operators
/// change;</item>
/// <item>every validator on start, after a reorg, and every <see cref="FullSweepInterval"/> as a safety net.</item>
/// </list>
/// Kept in memory only: a restart sweeps everything anyway.
/// </summary>
public sealed class PassSchedule
{
    /// <summary>
    /// The safety net's period. Every change of chain state a step acts on comes with an event, and every step that
    /// waits for something else re-marks its validator (refused transactions, failed steps, deposits waiting for
    /// holders, exits waiting for the beacon node) or is scheduled here. The sweep is for what neither covers: a key file
    /// lost or restored on disk, a defect in that bookkeeping. At 1,000 validators a sweep costs about 30 batched round
    /// trips and a look at each validator's key files; every 10 minutes it is a negligible share of the daemon's work,
    /// and it bounds how long such a repair can wait.
    /// </summary>
    public static readonly TimeSpan FullSweepInterval = TimeSpan.FromMinutes(10);

    private readonly Lock gate = new();
    private readonly SortedDictionary<ulong, HashSet<ulong>> dueAtBlock = [];
    private readonly HashSet<ulong> staged = [];
    private DateTime lastSweep = DateTime.MinValue;

    public bool SweepDue(DateTime now)
    {
        lock (gate)
            return now - lastSweep >= FullSweepInterval;
    }

    public void SweptAt(DateTime now)
    {
        lock (gate)
            lastSweep = now;
    }

    /// <summary>The validators due at confirmed block <paramref name="at"/> (handed out once), and the staged ones if operators changed.</summary>
    public IReadOnlyCollection<ulong> Due(BlockNumber at, bool operatorsChanged)
    {
        lock (gate)
        {
            var due = new HashSet<ulong>();
            while (dueAtBlock.Count > 0 && dueAtBlock.First() is var first && first.Key <= at.Value)
            {
                due.UnionWith(first.Value);
                dueAtBlock.Remove(first.Key);
            }
            if (operatorsChanged)
                due.UnionWith(staged);
            return due;
        }
    }

    /// <summary>After a pass handled a validator at block <paramref name="at"/>: what only a later block or an operator change moves on.</summary>
    public void Observe(ValidatorView validator, RoundView? current, BlockNumber at)
    {
        lock (gate)
        {
            if (validator.Kind == ValidatorKind.Staged)
                staged.Add(validator.ValidatorId);
            else
                staged.Remove(validator.ValidatorId);
            if (validator.Status is ValidatorStatus.None or ValidatorStatus.Exited)
                return;
            if (validator.PendingDraw != 0)
                WakeAt(validator.ValidatorId, Math.Max(validator.PendingDraw - 1, at.Value + 1)); // the draw is made once at + 1 >= drawBlock
            else if (current is { Status: RoundStatus.Failed } && current.Round == validator.CurrentRound)
                WakeAt(validator.ValidatorId, at.Value + 1);
        }
    }

    private void WakeAt(ulong validatorId, ulong block)
    {
        if (!dueAtBlock.TryGetValue(block, out var ids))
            dueAtBlock[block] = ids = [];
        ids.Add(validatorId);
    }
}
