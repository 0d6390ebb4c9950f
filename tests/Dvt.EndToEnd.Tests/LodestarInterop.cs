using Dvt.TestSupport;

namespace Dvt.EndToEnd.Tests;

/// <summary>
/// The shared Lodestar interop kit (../shared/interop/lodestar: install.sh, run-devnet.sh) and the installation it
/// makes in .tools/lodestar. Present where ../shared exists; under CI=true its absence is a failure, elsewhere a skip.
/// </summary>
public static class LodestarInterop
{
    public static string KitFolder =>
        Environment.GetEnvironmentVariable("DVT_LODESTAR_KIT") is { Length: > 0 } given
            ? given
            : Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "interop", "lodestar"));

    public static string InstallFolder => Path.Combine(RepoPaths.Tools, "lodestar");

    /// <summary>Skips (outside CI) or fails (CI=true) when the kit is not beside the repository.</summary>
    public static void RequireKit()
    {
        var present = File.Exists(Path.Combine(KitFolder, "install.sh")) && File.Exists(Path.Combine(KitFolder, "run-devnet.sh"));
        if (present)
            return;
        var reason = $"the Lodestar interop kit is not at {KitFolder} (set DVT_LODESTAR_KIT or put shared/ beside the repository)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail(reason);
        Skip.If(true, reason);
    }

    /// <summary>Runs install.sh into .tools/lodestar (idempotent: about 40 s the first time, a second after).</summary>
    public static async Task InstallAsync()
    {
        // One install at a time into the shared folder, whatever runs the tests.
        await InstallLock.WaitAsync();
        try
        {
            var result = await ScriptRunner.RunAsync(Path.Combine(KitFolder, "install.sh"), [InstallFolder], TimeSpan.FromMinutes(10));
            Assert.True(result.ExitCode == 0, $"Lodestar install failed (exit {result.ExitCode}):\n{result.Output}");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static readonly SemaphoreSlim InstallLock = new(1, 1);
}
