using System.Diagnostics;
using System.Text.Json;

namespace Dvt.TestSupport.LodestarReference;

/// <summary>
/// Lodestar's own network constants and voluntary-exit signing roots, as an independent check of dvt's: installs
/// @lodestar/config and @lodestar/types (pinned) from npm into .tools/lodestar-reference once, then runs
/// network-facts.mjs with node.
/// </summary>
public static class LodestarReference
{
    public const string Version = "1.48.0";

    /// <summary>@lodestar/types 1.48.0 declares unbounded lists that @chainsafe/ssz 1.8+ refuses at import; 1.7.0 loads them.</summary>
    public const string SszVersion = "1.7.0";

    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    private static string Folder => Path.Combine(RepoPaths.Tools, "lodestar-reference");

    /// <summary>The JSON the script prints for <paramref name="network"/> and cases "stateEpoch:exitEpoch:index".</summary>
    public static async Task<JsonElement> FactsAsync(string network, params string[] cases)
    {
        await EnsureInstalledAsync().ConfigureAwait(false);
        var script = Path.Combine(Folder, "network-facts.mjs");
        var output = await RunAsync("node", [script, network, .. cases], Folder, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync().ConfigureAwait(false);
        try
        {
            // Copied under the lock, and only when it changed: a concurrent test may be running the script.
            var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "LodestarReference", "network-facts.mjs"));
            var script = Path.Combine(Folder, "network-facts.mjs");
            Directory.CreateDirectory(Folder);
            if (!File.Exists(script) || File.ReadAllText(script) != source)
                File.WriteAllText(script, source);
            var marker = Path.Combine(Folder, "node_modules", "@lodestar", "config", "package.json");
            var ssz = Path.Combine(Folder, "node_modules", "@chainsafe", "ssz", "package.json");
            if (File.Exists(marker) && File.ReadAllText(marker).Contains($"\"version\": \"{Version}\"", StringComparison.Ordinal)
                && File.Exists(ssz) && File.ReadAllText(ssz).Contains($"\"version\": \"{SszVersion}\"", StringComparison.Ordinal))
                return;
            Directory.CreateDirectory(Folder);
            File.WriteAllText(Path.Combine(Folder, "package.json"), """{"name":"dvt-lodestar-reference","private":true,"type":"module"}""");
            await RunAsync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", $"@lodestar/config@{Version}", $"@lodestar/types@{Version}", $"@chainsafe/ssz@{SszVersion}"],
                Folder, TimeSpan.FromMinutes(3)).ConfigureAwait(false);
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<string> RunAsync(string file, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} did not finish in {timeout}");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}: {await stderr.ConfigureAwait(false)}");
        return (await stdout.ConfigureAwait(false)).Trim();
    }
}
