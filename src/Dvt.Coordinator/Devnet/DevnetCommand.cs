using System.CommandLine;
using System.Text.Json;
using Dvt.Consensus;
using Dvt.Coordinator.Cli;
using Spectre.Console;

namespace Dvt.Coordinator.Devnet;

/// <summary>
/// `dvt devnet`: a whole dvt network on this machine — anvil, the registry, N coordinators as child processes — and
/// the seed's promises shown one by one with a check each. Exit code 0 only when every check held. Every process it
/// started is stopped when it ends, fails or is interrupted.
/// </summary>
public static class DevnetCommand
{
    /// <summary>The preset the coordinators sign with (their config has no preset field yet: mainnet is their default).</summary>
    private static readonly ConsensusPreset Preset = ConsensusPreset.Mainnet;

    public static Command Create()
    {
        var cluster = new DevnetClusterOptions("run");
        var profile = new Option<string>("--profile")
        {
            Description = "full (three epochs of duties per phase) or short (one epoch per phase, for CI)",
            DefaultValueFactory = _ => "full",
        };
        profile.AcceptOnlyFromAmong("full", "short");
        var report = new Option<FileInfo?>("--report") { Description = "write every signature and every check as JSON to FILE", HelpName = "FILE" };

        var command = new Command("devnet", "run a local dvt network (anvil, registry, N coordinators) and check every promise: threshold signing, recovery, reshare, exits");
        cluster.AddTo(command);
        command.Options.Add(profile);
        command.Options.Add(report);
        command.SetAction(async (parse, ct) =>
        {
            var count = cluster.Operators(parse);
            var chosen = DevnetProfile.Named(parse.GetValue(profile)!)!;
            var reportFile = parse.GetValue(report);
            return await RunAsync(count, chosen, reportFile?.FullName, cluster.WorkDir(parse), cluster.AnvilPath(parse), ct).ConfigureAwait(false);
        });
        command.Subcommands.Add(DevnetUpCommand.Create());
        return command;
    }

    private static async Task<int> RunAsync(int operators, DevnetProfile profile, string? reportFile, string workDir, string anvilPath, CancellationToken ct)
    {
        var console = new DevnetConsole();
        var startedAt = DateTimeOffset.UtcNow;
        AnsiConsole.MarkupLine($"[bold]dvt devnet[/]: {operators} operators, profile {profile.Name}, work folder {Markup.Escape(workDir)}");
        DevnetScenario? scenario = null;
        DevnetCluster? cluster = null;
        string? abort = null;
        try
        {
            console.Phase("chain");
            cluster = await DevnetCluster.StartAsync(DevnetClusterSettings.ForDevnet(workDir, anvilPath, profile.RecoveryDeadline), new ChildProcessCoordinators(), ct).ConfigureAwait(false);
            console.Step($"anvil at {cluster.Anvil.Url} (chain {cluster.ChainId}); DvtRegistry at {cluster.Registry.Address}");
            var duties = new DutyFactory(Preset, DevnetCluster.GenesisValidatorsRoot);
            scenario = new DevnetScenario(cluster, profile, duties, console, operators);
            await scenario.RunAsync(ct).ConfigureAwait(false);
            // What an auditor sees at the end, read from the chain alone (the same tables as `dvt view`).
            console.Phase("the registry at the end (dvt view operators / validators)");
            var snapshot = await new Cli.Views.RegistryReader(cluster.Registry).ReadAsync(operators: true, validators: true, ct).ConfigureAwait(false);
            AnsiConsole.Write(Cli.Views.ViewTables.Operators(snapshot));
            AnsiConsole.Write(Cli.Views.ViewTables.Validators(snapshot));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            abort = "interrupted";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            abort = ErrorReport.OneLine(ErrorReport.Describe(e).Message);
        }
        finally
        {
            if (cluster is not null)
                await cluster.DisposeAsync().ConfigureAwait(false);
        }

        var checks = scenario?.Checks ?? [];
        if (abort is not null)
            checks.Add(new CheckResult("the devnet ran to the end", false, abort, 0));
        var passed = checks.Count > 0 && checks.All(c => c.Passed);
        var signatures = scenario?.Signatures ?? [];

        var table = new Table().Border(TableBorder.Rounded).Title("dvt devnet summary").AddColumns("CHECK", "RESULT", "SECONDS", "DETAIL");
        foreach (var check in checks)
        {
            table.AddRow(Markup.Escape(check.Name), check.Passed ? "[green]held[/]" : "[red]FAILED[/]",
                check.Seconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(Shorten(check.Detail)));
        }
        AnsiConsole.Write(table);
        var paths = string.Join(", ", signatures.GroupBy(s => s.Path).Select(g => $"{g.Count()} {g.Key}"));
        AnsiConsole.MarkupLine(Markup.Escape(
            $"{checks.Count(c => c.Passed)} of {checks.Count} checks held; {signatures.Count} signatures ({(paths.Length == 0 ? "none" : paths)}); {console.Elapsed.TotalSeconds:0} s; logs in {workDir}"));

        if (reportFile is not null)
        {
            var document = new DevnetReport(profile.Name, operators, startedAt.ToString("O"), Math.Round(console.Elapsed.TotalSeconds, 1), passed,
                cluster?.Anvil.Url.ToString() ?? "", cluster?.Registry.Address.ToString() ?? "", checks, signatures);
            Directory.CreateDirectory(Path.GetDirectoryName(reportFile)!);
            await File.WriteAllTextAsync(reportFile, JsonSerializer.Serialize(document, JsonOutput.Options), CancellationToken.None).ConfigureAwait(false);
            AnsiConsole.MarkupLine(Markup.Escape($"report: {reportFile}"));
        }
        AnsiConsole.MarkupLine(passed ? "[green bold]devnet: every check held[/]" : "[red bold]devnet: some checks failed[/]");
        return passed ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static string Shorten(string text) => text.Length <= 140 ? text : text[..140] + "…";
}
