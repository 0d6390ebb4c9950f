using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Dvt.TestSupport;
using Xunit.Abstractions;

namespace Dvt.Coordinator.Tests.Readme;

/// <summary>
/// README.md's "Running an operator" path, every ```sh block of the section in order, exactly as written, in one
/// bash: from the build through anvil, keys, funding, deploying the registry, registering, configuring and running
/// the coordinator, to a validator whose key the coordinator serves. It runs in a network and PID namespace of its
/// own (unshare): the fixed ports the README uses (8545, 9000, 9001) are private to it, nothing outside is reachable, and
/// every process it starts ends with it.
/// </summary>
public sealed partial class ReadmeOperatorPathTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);

    public static IReadOnlyList<string> SectionCommands(string readme, string heading)
    {
        var start = readme.IndexOf($"\n## {heading}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no section '## {heading}'");
        var end = readme.IndexOf("\n## ", start + 4, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];
        return ShellBlock().Matches(section).Select(m => m.Groups["body"].Value).ToList();
    }

    [SkippableFact]
    public async Task Every_command_of_the_running_an_operator_section_runs_as_written_to_a_served_validator_key()
    {
        RequireNamespaces();
        var blocks = SectionCommands(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "README.md")), "Running an operator");
        Assert.True(blocks.Count >= 8, $"only {blocks.Count} sh blocks in the section");
        var home = Directory.CreateTempSubdirectory("dvt-readme-home-").FullName;
        try
        {
            // The build runs first, as it is: it needs NuGet's configuration and package folder under the real HOME
            // (and, for anything not yet restored, the feed), which the namespace below does not have.
            Assert.Equal("dotnet build src/Dvt.Coordinator -c Release\n", blocks[0]);
            var build = await RunAsync(new ProcessStartInfo("bash", ["-c", blocks[0]]) { WorkingDirectory = RepoPaths.Root }, TimeSpan.FromMinutes(5));
            Assert.True(build.ExitCode == 0, $"the README's build failed: {build.Stdout}{build.Stderr}");

            var script = new StringBuilder()
                .AppendLine("set -euo pipefail")
                .AppendLine("shopt -s expand_aliases") // the README's `alias dvt=...`, in a non-interactive shell
                .AppendLine($"cd '{RepoPaths.Root}'");
            foreach (var block in blocks.Skip(1))
                script.AppendLine(block);
            var scriptFile = Path.Combine(home, "readme-path.sh");
            await File.WriteAllTextAsync(scriptFile, script.ToString());

            var info = new ProcessStartInfo("unshare");
            foreach (var argument in new[] { "--net", "--pid", "--fork", "bash", "-c", "ip link set lo up && exec bash \"$0\"", scriptFile })
                info.ArgumentList.Add(argument);
            info.Environment["HOME"] = home;
            info.Environment["DOTNET_CLI_HOME"] = Environment.GetEnvironmentVariable("HOME") ?? home;
            info.Environment["NO_COLOR"] = "1";
            foreach (var variable in new[] { "DVT_RPC_URL", "DVT_REGISTRY", "DVT_DATA_DIR", "DVT_COORDINATOR_URL" })
                info.Environment.Remove(variable);
            var run = await RunAsync(info, Bound);
            var printed = run.Stdout;
            var errors = run.Stderr;
            var process = run;
            output.WriteLine(printed);
            output.WriteLine(errors);
            var coordinatorLog = Path.Combine(home, "dvt", "coordinator.log");
            if (File.Exists(coordinatorLog))
                output.WriteLine(string.Join('\n', File.ReadLines(coordinatorLog).TakeLast(40)));
            Assert.True(process.ExitCode == 0, $"the README path failed (exit {process.ExitCode}): {errors}");

            // --wait returned only once the key was served, and the coordinator still serves it, healthy.
            var served = ServedLine().Match(printed);
            Assert.True(served.Success, $"no 'key ... served by' line: {printed}");
            var key = served.Groups["key"].Value;
            Assert.Contains($"[\"{key}\"]", printed, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("{\"status\":\"UP\"", printed, StringComparison.Ordinal);
            Assert.Matches(@"(?m)^\S*\s*1\s.*solo.*deposited", printed);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private sealed record Finished(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs to the end, or kills the whole tree at the bound (exit code -1).</summary>
    private static async Task<Finished> RunAsync(ProcessStartInfo info, TimeSpan bound)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new Finished(-1, await stdout, await stderr + $"\n(killed after {bound.TotalSeconds:F0} s)");
        }
        return new Finished(process.ExitCode, await stdout, await stderr);
    }

    private static void RequireNamespaces()
    {
        var why = (string?)null;
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("unshare", ["--net", "--pid", "--fork", "true"]) { RedirectStandardError = true, UseShellExecute = false })!;
            probe.WaitForExit();
            if (probe.ExitCode != 0)
                why = $"unshare --net --pid cannot run here ({probe.StandardError.ReadToEnd().Trim()}): the README path needs its own network namespace (run as root)";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            why = $"unshare is not installed ({e.Message})";
        }
        if (why is null)
            return;
        if (TestVectors.IsCi)
            Assert.Fail(why);
        Skip.If(true, why);
    }

    [GeneratedRegex(@"```sh\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    [GeneratedRegex(@"validator \d+: key (?<key>0x[0-9a-f]{96}) served by http://127\.0\.0\.1:9001/")]
    private static partial Regex ServedLine();
}
