using System.CommandLine;

namespace Dvt.Coordinator.Cli.Operators;

/// <summary>`dvt operator init | register | set-endpoint | allow-list | exit`.</summary>
public static class OperatorCommands
{
    public static Command Create()
    {
        var command = new Command("operator", "create this operator's keys, register it on-chain, or exit");
        command.Subcommands.Add(OperatorInitCommand.Create());
        command.Subcommands.Add(OperatorRegisterCommand.Create());
        command.Subcommands.Add(OperatorMaintenanceCommands.SetEndpoint());
        command.Subcommands.Add(OperatorMaintenanceCommands.AllowList());
        command.Subcommands.Add(OperatorMaintenanceCommands.RotateKey());
        command.Subcommands.Add(OperatorExitCommand.Create());
        return command;
    }
}
