using System.CommandLine;

namespace Dvt.Coordinator.Cli.Validators;

/// <summary>`dvt validator add | fee-recipient | exit`.</summary>
public static class ValidatorCommands
{
    public static Command Create()
    {
        var command = new Command("validator", "add a validator (solo or DVT, new or imported) or exit one");
        command.Subcommands.Add(ValidatorAddCommand.Create());
        command.Subcommands.Add(ValidatorFeeRecipientCommand.Create());
        command.Subcommands.Add(ValidatorExitCommand.Create());
        return command;
    }
}
