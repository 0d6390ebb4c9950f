namespace Dvt.Coordinator.Devnet;

/// <summary>One started coordinator, however it runs.</summary>
public interface IRunningCoordinator
{
    /// <summary>Null while it runs; once it stopped by itself, how it ended (e.g. its exit code).</summary>
    string? Ended { get; }

    /// <summary>The child process's id (null in-process).</summary>
    int? ProcessId { get; }

    /// <summary>The host (null for a child process).</summary>
    CoordinatorHost? Host { get; }

    /// <summary>A clean shutdown, or at once when <paramref name="crash"/> (an in-process host can only shut down).</summary>
    Task StopAsync(bool crash);
}
