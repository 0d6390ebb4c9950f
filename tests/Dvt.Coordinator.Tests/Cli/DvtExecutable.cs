using System.Diagnostics;
using Dvt.TestSupport;

namespace Dvt.Coordinator.Tests.Cli;

/// <summary>What one run of the real `dvt` executable printed and returned.</summary>
public sealed record DvtRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>
/// Runs the built `dvt` (dvt.dll beside the test assembly, through `dotnet exec`) as a separate process, the way an
/// operator runs it: arguments, environment, exit code, stdout and stderr.
/// </summary>
public static class DvtExecutable
{
    public static string DllPath
    {
        get
        {
            var beside = Path.Combine(AppContext.BaseDirectory, "dvt.dll");
            if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "dvt.runtimeconfig.json")))
                return beside;
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var built = Path.Combine(RepoPaths.Root, "src", "Dvt.Coordinator", "bin", configuration, "net10.0", "dvt.dll");
            return File.Exists(built) ? built : throw new InvalidOperationException($"dvt.dll is neither beside the tests nor at {built}");
        }
    }

    public static async Task<DvtRun> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(DllPath);
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        // A wide virtual console so tables do not wrap, and no colour codes in what the tests read.
        info.Environment["COLUMNS"] = "240";
        info.Environment["NO_COLOR"] = "1";
        foreach (var variable in new[] { "DVT_RPC_URL", "DVT_REGISTRY", "DVT_DATA_DIR" })
            info.Environment.Remove(variable);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dvt {string.Join(' ', arguments)} did not finish in time");
        }
        return new DvtRun(process.ExitCode, await stdout, await stderr);
    }

    public static Task<DvtRun> RunAsync(params string[] arguments) => RunAsync(arguments, null);
}
