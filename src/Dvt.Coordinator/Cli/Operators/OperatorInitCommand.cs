using System.CommandLine;
using Dvt.Coordinator.Keys;
using Spectre.Console;

namespace Dvt.Coordinator.Cli.Operators;

/// <summary>
/// `dvt operator init`: creates the operator's Ethereum account and share-encryption key as encrypted keystores in
/// a new data directory, and prints what others need (the address to fund, the public key that will be registered).
/// </summary>
public static class OperatorInitCommand
{
    public static Command Create()
    {
        var options = new OperatorOptions();
        var json = new Option<bool>("--json") { Description = "print the result as JSON" };
        var command = new Command("init", "create the operator's Ethereum key and share-encryption key (encrypted keystores) in a new data directory; refuses to overwrite");
        options.AddTo(command, withKdf: true);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var dir = options.ResolveDataDir(parse);
            var password = options.ResolvePassword(parse);
            if (OperatorKeyStore.Exists(dir))
                throw new CommandFailedException($"{dir} already holds an operator's keys; refusing to overwrite them");
            using var keys = OperatorKeyStore.Create(dir, password, options.ResolveKdf(parse));
            var publicKey = "0x" + Convert.ToHexStringLower(keys.ShareEncryptionPublicKey.Span);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(new { DataDir = dir, Address = keys.Address.ToString(), ShareEncryptionPublicKey = publicKey });
                return ExitCodes.Success;
            }
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("data directory", Markup.Escape(dir));
            grid.AddRow("operator address", keys.Address.ToString());
            grid.AddRow("share-encryption public key", publicKey);
            AnsiConsole.Write(grid);
            AnsiConsole.MarkupLine("next: fund the address with ETH for gas, then run [bold]dvt operator register --endpoint URL[/]");
            return ExitCodes.Success;
        });
        return command;
    }
}
