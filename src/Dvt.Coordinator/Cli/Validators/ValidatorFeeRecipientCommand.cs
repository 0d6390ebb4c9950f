using System.CommandLine;
using System.Globalization;
using Dvt.ContractBindings;
using Spectre.Console;

namespace Dvt.Coordinator.Cli.Validators;

/// <summary>
/// `dvt validator fee-recipient ID [ADDR]`: shows a validator's fee recipient as the registry records it, or (owner)
/// sets it; `--default` goes back to the withdrawal address.
/// </summary>
public static class ValidatorFeeRecipientCommand
{
    public static Command Create()
    {
        var chain = new ChainOptions();
        var options = new OperatorOptions();
        var id = new Argument<string>("ID") { Description = "the validator id" };
        var address = new Argument<string?>("ADDR") { Description = "the new fee recipient (0x + 40 hex digits); left out: show it", Arity = ArgumentArity.ZeroOrOne };
        var reset = new Option<bool>("--default") { Description = "go back to the default (the withdrawal address)" };
        var command = new Command("fee-recipient", "show or set (owner) the fee recipient holders sign validator registrations for");
        command.Arguments.Add(id);
        command.Arguments.Add(address);
        command.Options.Add(reset);
        chain.AddTo(command);
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var idText = parse.GetValue(id)!;
            if (!ulong.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var validatorId) || validatorId == 0)
                throw new UsageException($"ID: '{idText}' is not a validator id (a positive whole number)");
            var addressText = parse.GetValue(address);
            var toDefault = parse.GetValue(reset);
            if (addressText is not null && toDefault)
                throw new UsageException("--default: give either ADDR or --default, not both");
            Address? recipient = null;
            if (addressText is not null)
            {
                if (!Address.TryParse(addressText, out var parsed))
                    throw new UsageException($"ADDR: '{addressText}' is not a 20-byte hex address (0x + 40 hex digits, EIP-55 checksum if mixed case)");
                recipient = parsed;
            }
            var target = chain.Resolve(parse);
            if (recipient is not null || toDefault)
            {
                using var keys = options.Open(parse);
                var registry = await target.OpenForSendingAsync(keys.EthereumKey, ct).ConfigureAwait(false);
                await registry.SetFeeRecipientAsync(validatorId, recipient ?? default, ct).ConfigureAwait(false);
                var now = await registry.FeeRecipientAsync(validatorId, ct: ct).ConfigureAwait(false);
                AnsiConsole.MarkupLine(Markup.Escape($"validator {validatorId}: fee recipient {now}"));
            }
            else
            {
                var registry = await target.OpenReadOnlyAsync(ct).ConfigureAwait(false);
                var now = await registry.FeeRecipientAsync(validatorId, ct: ct).ConfigureAwait(false);
                AnsiConsole.MarkupLine(Markup.Escape($"validator {validatorId}: fee recipient {now}"));
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
