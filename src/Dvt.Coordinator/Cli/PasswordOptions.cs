using System.CommandLine;
using Dvt.ContractBindings.Keystore;

namespace Dvt.Coordinator.Cli;

/// <summary>
/// --password-file / --password-env: where a keystore password comes from. There is deliberately no option that
/// takes the password itself: argv is readable by every user of the machine.
/// </summary>
public sealed class PasswordOptions(string purpose, string prefix = "--password")
{
    public Option<FileInfo?> File { get; } = new($"{prefix}-file")
    {
        Description = $"file holding the password of {purpose} (one trailing newline is ignored)",
        HelpName = "FILE",
    };

    public Option<string?> Environment { get; } = new($"{prefix}-env")
    {
        Description = $"environment variable holding the password of {purpose}",
        HelpName = "VAR",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(File);
        command.Options.Add(Environment);
    }

    public PasswordSource Resolve(ParseResult parse)
    {
        var file = parse.GetValue(File);
        var variable = parse.GetValue(Environment);
        if (file is not null && variable is not null)
            throw new UsageException($"{File.Name} and {Environment.Name}: give one, not both");
        if (file is not null)
        {
            if (!file.Exists)
                throw new UsageException($"{File.Name}: {file.FullName} does not exist");
            return PasswordSource.FromFile(file.FullName);
        }
        if (variable is not null)
        {
            if (System.Environment.GetEnvironmentVariable(variable) is null)
                throw new UsageException($"{Environment.Name}: environment variable {variable} is not set");
            return PasswordSource.FromEnvironment(variable);
        }
        throw new UsageException($"give {File.Name} FILE or {Environment.Name} VAR for the password of {purpose} (never on the command line)");
    }
}
