using System.CommandLine;
using Dvt.ContractBindings;
using Spectre.Console;

namespace Dvt.Coordinator.Cli.Operators;

/// <summary>
/// `dvt operator exit`: asks the registry to let this operator leave. Its own validators exit, and its shares of
/// others' validators are reshared to other operators (or those validators revert to solo when too few remain);
/// the command drives processOperatorExit until nothing is left to hand over.
/// </summary>
public static class OperatorExitCommand
{
    /// <summary>Validators handed over per processOperatorExit transaction: bounded so one transaction fits a block.</summary>
    private const ulong StepsPerTransaction = 8;

    public static Command Create()
    {
        var options = new RegisteredOperatorOptions();
        var command = new Command("exit", "leave the registry: own validators exit, shares of others' validators move to other operators");
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var self = await options.OpenAsync(parse, ct).ConfigureAwait(false);
            var (id, registry) = (self.Id, self.Registry);
            var before = await registry.GetOperatorAsync(id, ct: ct).ConfigureAwait(false);
            if (before.Status == 1)
            {
                await registry.RequestOperatorExitAsync(ct).ConfigureAwait(false);
                AnsiConsole.MarkupLine(Markup.Escape($"operator {id}: exit requested (it held {before.HeldValidators} validators)"));
            }
            for (var backlog = await registry.OperatorExitBacklogAsync(id, ct: ct).ConfigureAwait(false);
                 !backlog.IsZero;
                 backlog = await registry.OperatorExitBacklogAsync(id, ct: ct).ConfigureAwait(false))
            {
                AnsiConsole.MarkupLine(Markup.Escape($"operator {id}: {backlog} validators left to hand over"));
                await registry.ProcessOperatorExitAsync(id, new UInt256(StepsPerTransaction), ct).ConfigureAwait(false);
            }
            var after = await registry.GetOperatorAsync(id, ct: ct).ConfigureAwait(false);
            AnsiConsole.MarkupLine(Markup.Escape($"operator {id}: {RegistryNames.OperatorStatus(after.Status)}"));
            return ExitCodes.Success;
        });
        return command;
    }
}
