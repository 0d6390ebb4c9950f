using Dvt.Consensus.Primitives;

namespace Dvt.Consensus.Networks;

/// <summary>
/// A network's forks from phase0 through Fulu, each with its version and activation epoch. Activation epochs never
/// decrease along the schedule (a fork cannot activate before the one it builds on); a fork left unscheduled leaves
/// every later fork unscheduled.
/// </summary>
public sealed class ForkSchedule
{
    private readonly ScheduledFork[] forks;

    public ForkSchedule(IReadOnlyList<ScheduledFork> forks)
    {
        ArgumentNullException.ThrowIfNull(forks);
        var all = Enum.GetValues<ConsensusFork>();
        if (forks.Count != all.Length)
            throw new ArgumentException($"a fork schedule names every fork from phase0 through fulu ({all.Length}), got {forks.Count}", nameof(forks));
        for (var i = 0; i < forks.Count; i++)
        {
            if (forks[i].Fork != all[i])
                throw new ArgumentException($"fork {i} of the schedule must be {all[i]}, got {forks[i].Fork}", nameof(forks));
        }
        if (forks[0].Epoch is not { Value: 0 })
            throw new ArgumentException("phase0 activates at epoch 0", nameof(forks));
        for (var i = 1; i < forks.Count; i++)
        {
            var (earlier, later) = (forks[i - 1], forks[i]);
            if (later.Epoch is { } e && (earlier.Epoch is not { } p || e < p))
                throw new ArgumentException($"{later.Fork} activates at epoch {e}, before {earlier.Fork} ({(earlier.Epoch is { } x ? $"epoch {x.Value}" : "not scheduled")})", nameof(forks));
        }
        this.forks = [.. forks];
    }

    public IReadOnlyList<ScheduledFork> Forks => forks;

    public ScheduledFork this[ConsensusFork fork] => forks[(int)fork];

    public ForkVersion GenesisVersion => forks[0].Version;

    /// <summary>CAPELLA_FORK_VERSION: from Deneb on, every voluntary exit is signed under it (EIP-7044).</summary>
    public ForkVersion CapellaVersion => this[ConsensusFork.Capella].Version;

    /// <summary>The latest fork active at <paramref name="epoch"/>.</summary>
    public ScheduledFork ActiveAt(Epoch epoch)
    {
        for (var i = forks.Length - 1; i > 0; i--)
        {
            if (forks[i].IsActiveAt(epoch))
                return forks[i];
        }
        return forks[0];
    }

    /// <summary>The fork whose version is <paramref name="version"/>, if this schedule has one.</summary>
    public ScheduledFork? WithVersion(ForkVersion version) => forks.FirstOrDefault(f => f.Version == version);

    public bool IsActiveAt(ConsensusFork fork, Epoch epoch) => this[fork].IsActiveAt(epoch);
}
