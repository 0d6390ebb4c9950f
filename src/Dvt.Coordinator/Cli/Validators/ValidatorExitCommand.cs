using System.CommandLine;
using Spectre.Console;

namespace Dvt.Coordinator.Cli.Validators;

/// <summary>
/// `dvt validator exit ID`: the owner asks for the validator's exit; the holders sign a VoluntaryExit and, once the
/// exit is confirmed, delete their shares.
/// </summary>
public static class ValidatorExitCommand
{
    private const byte StatusExited = 5;

    public static Command Create()
    {
        var chain = new ChainOptions();
        var options = new OperatorOptions();
        var id = new Argument<ulong>("ID") { Description = "the validator's id in the registry (see `dvt view validators`)" };
        var wait = new Option<bool>("--wait") { Description = "wait until the exit is confirmed and the shares are deleted" };
        var timeout = new Option<int>("--timeout") { Description = "seconds --wait waits at most", DefaultValueFactory = _ => 300 };
        var command = new Command("exit", "request a validator's exit (owner only)");
        command.Arguments.Add(id);
        command.Options.Add(wait);
        command.Options.Add(timeout);
        chain.AddTo(command);
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var validatorId = parse.GetValue(id);
            if (validatorId == 0)
                throw new UsageException("ID: validator ids start at 1");
            var target = chain.Resolve(parse);
            using var keys = options.Open(parse);
            var registry = await target.OpenForSendingAsync(keys.EthereumKey, ct).ConfigureAwait(false);
            var receipt = await registry.RequestValidatorExitAsync(validatorId, ct).ConfigureAwait(false);
            AnsiConsole.MarkupLine(Markup.Escape($"validator {validatorId}: exit requested in block {receipt.BlockNumber}"));
            if (parse.GetValue(wait))
                await ValidatorProgress.WaitForStatusAsync(registry, validatorId, StatusExited, TimeSpan.FromSeconds(parse.GetValue(timeout)), ct).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
