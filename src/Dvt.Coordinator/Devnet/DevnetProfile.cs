namespace Dvt.Coordinator.Devnet;

/// <summary>How long the devnet dwells on each phase: `full` for people watching it, `short` for CI.</summary>
public sealed record DevnetProfile(string Name, int EpochsPerPhase, TimeSpan SetupTimeout, TimeSpan ChangeTimeout, TimeSpan RecoveryDeadline)
{
    public static DevnetProfile Full { get; } = new("full", 3, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(1500));

    public static DevnetProfile Short { get; } = new("short", 1, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(1000));

    public static DevnetProfile? Named(string name) => name switch
    {
        "full" => Full,
        "short" => Short,
        _ => null,
    };
}
