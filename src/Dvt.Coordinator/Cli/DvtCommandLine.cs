using System.CommandLine;
using Dvt.Coordinator.Cli.Operators;
using Dvt.Coordinator.Cli.Validators;
using Dvt.Coordinator.Cli.Views;
using Dvt.Coordinator.Devnet;

namespace Dvt.Coordinator.Cli;

/// <summary>
/// The `dvt` command tree and its one error policy: a parse error or a bad option prints one line and exits 2;
/// a failed command prints one line ("error: ...") and exits 1; nothing prints a stack trace.
/// </summary>
public static class DvtCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("dvt: distributed validators on Ethereum, coordinated by the DvtRegistry contract");
        root.Subcommands.Add(Registry.RegistryDeployCommand.Create());
        root.Subcommands.Add(OperatorCommands.Create());
        root.Subcommands.Add(ValidatorCommands.Create());
        root.Subcommands.Add(ViewCommands.Create());
        root.Subcommands.Add(SlashingProtectionCommands.Create());
        root.Subcommands.Add(CoordinatorRunCommand.Create());
        root.Subcommands.Add(DevnetCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        // Piped into a file or a test, tables keep their rows on one line instead of wrapping at 80 columns.
        if (Console.IsOutputRedirected)
            Spectre.Console.AnsiConsole.Profile.Width = Math.Max(Spectre.Console.AnsiConsole.Profile.Width, 200);
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            var command = string.Join(' ', parse.CommandResult.Command.Name == parse.RootCommandResult.Command.Name
                ? ["dvt"]
                : new[] { "dvt" }.Concat(CommandPath(parse)));
            // "Required command was not provided" is the least useful of several errors: prefer the one naming a bad token.
            var first = parse.Errors.OrderBy(e => e.Message.StartsWith("Required command", StringComparison.Ordinal) ? 1 : 0).First();
            await Console.Error.WriteLineAsync($"error: {ErrorReport.OneLine(first.Message)} (see `{command} --help`)").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        try
        {
            // Ctrl-C / SIGTERM cancel the command's token; the daemon and the devnet get time to stop their work and children.
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = TimeSpan.FromSeconds(20),
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("error: interrupted").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            var (message, code) = ErrorReport.Describe(e);
            await Console.Error.WriteLineAsync($"error: {ErrorReport.OneLine(message)}").ConfigureAwait(false);
            return code;
        }
    }

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
            names.Push(result.Command.Name);
        return names;
    }
}
