using System.CommandLine;
using Spectre.Console;

namespace Dvt.Coordinator.Cli.Views;

/// <summary>`dvt view operators | validators | validator ID`: the auditor's views, from the chain alone.</summary>
public static class ViewCommands
{
    public static Command Create()
    {
        var view = new Command("view", "show operators and validators as the registry states them (read from the chain alone)");
        view.Subcommands.Add(Operators());
        view.Subcommands.Add(Validators());
        view.Subcommands.Add(OneValidator());
        return view;
    }

    private static Option<bool> JsonOption() => new("--json") { Description = "print JSON for machines instead of a table" };

    private static Command Operators()
    {
        var chain = new ChainOptions();
        var json = JsonOption();
        var command = new Command("operators", "every registered operator: status, endpoint, what it owns and holds, exit backlog");
        chain.AddTo(command);
        command.Options.Add(json);
        command.SetAction(async (parse, ct) =>
        {
            var registry = await chain.Resolve(parse).OpenReadOnlyAsync(ct).ConfigureAwait(false);
            var snapshot = await new RegistryReader(registry).ReadAsync(operators: true, validators: false, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
                JsonOutput.Write(new { snapshot.ChainId, snapshot.Registry, snapshot.Block, snapshot.ActiveOperators, snapshot.Operators });
            else
                AnsiConsole.Write(ViewTables.Operators(snapshot));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Validators()
    {
        var chain = new ChainOptions();
        var json = JsonOption();
        var command = new Command("validators", "every validator, solo and DVT side by side: mode, holders, round, state, pending exits");
        chain.AddTo(command);
        command.Options.Add(json);
        command.SetAction(async (parse, ct) =>
        {
            var registry = await chain.Resolve(parse).OpenReadOnlyAsync(ct).ConfigureAwait(false);
            var snapshot = await new RegistryReader(registry).ReadAsync(operators: false, validators: true, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(new { snapshot.ChainId, snapshot.Registry, snapshot.Block, snapshot.ActiveOperators, snapshot.Validators });
                return ExitCodes.Success;
            }
            AnsiConsole.Write(ViewTables.Validators(snapshot));
            var pending = snapshot.Validators.Where(v => v.PendingExit).Select(v => v.Id).ToArray();
            AnsiConsole.MarkupLine(Markup.Escape(
                $"{snapshot.Validators.Count(v => v.Kind == "solo")} solo, {snapshot.Validators.Count(v => v.Kind == "dvt")} dvt, "
                + $"{snapshot.Validators.Count(v => v.Kind == "staged")} staged; {snapshot.ActiveOperators} active operators; "
                + $"pending exits: {(pending.Length == 0 ? "none" : string.Join(", ", pending))}"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command OneValidator()
    {
        var chain = new ChainOptions();
        var json = JsonOption();
        var id = new Argument<ulong>("ID") { Description = "the validator's id in the registry" };
        var command = new Command("validator", "one validator in full: key, holders with their share index, current round");
        command.Arguments.Add(id);
        chain.AddTo(command);
        command.Options.Add(json);
        command.SetAction(async (parse, ct) =>
        {
            var registry = await chain.Resolve(parse).OpenReadOnlyAsync(ct).ConfigureAwait(false);
            var reader = new RegistryReader(registry);
            var (snapshot, validator) = await reader.ReadValidatorAsync(parse.GetValue(id), ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(new { snapshot.ChainId, snapshot.Registry, snapshot.Block, Validator = validator });
                return ExitCodes.Success;
            }
            var operators = await reader.ReadAsync(operators: true, validators: false, ct).ConfigureAwait(false);
            AnsiConsole.Write(ViewTables.Validator(validator, operators.Operators));
            return ExitCodes.Success;
        });
        return command;
    }
}
