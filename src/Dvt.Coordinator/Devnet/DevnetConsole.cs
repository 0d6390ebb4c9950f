using System.Diagnostics;
using Spectre.Console;

namespace Dvt.Coordinator.Devnet;

/// <summary>The devnet's running commentary: phases, steps and checks, each stamped with the time since start.</summary>
public sealed class DevnetConsole
{
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public TimeSpan Elapsed => clock.Elapsed;

    public void Phase(string title) =>
        AnsiConsole.Write(new Rule($"[bold]{Markup.Escape(title)}[/] [grey]({Stamp()})[/]").LeftJustified());

    public void Step(string text) => AnsiConsole.MarkupLine($"[grey]{Stamp()}[/]  {Markup.Escape(text)}");

    public void Check(CheckResult check) => AnsiConsole.MarkupLine(
        $"[grey]{Stamp()}[/]  {(check.Passed ? "[green]PASS[/]" : "[red]FAIL[/]")} {Markup.Escape(check.Name)}: {Markup.Escape(check.Detail)}");

    private string Stamp() => $"{clock.Elapsed.TotalSeconds,6:0.0}s";
}
