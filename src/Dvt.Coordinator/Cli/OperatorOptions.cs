using System.CommandLine;
using Dvt.ContractBindings.Keystore;
using Dvt.Coordinator.Configuration;
using Dvt.Coordinator.Keys;

namespace Dvt.Coordinator.Cli;

/// <summary>--data-dir (or DVT_DATA_DIR) and the password of the operator's keystores: what opens an operator's keys.</summary>
public sealed class OperatorOptions
{
    public const string DataDirVariable = "DVT_DATA_DIR";

    public Option<DirectoryInfo?> DataDir { get; } = new("--data-dir")
    {
        Description = $"the operator's data directory (keys, state, slashing protection) [default: ${DataDirVariable}]",
        HelpName = "DIR",
    };

    public PasswordOptions Password { get; } = new("the operator's keystores");

    public Option<string> Kdf { get; } = new("--kdf")
    {
        Description = "key derivation for keystores this command writes: scrypt (EIP-2335 default, ~1 s) or pbkdf2 (~0.1 s)",
        DefaultValueFactory = _ => "scrypt",
    };

    public void AddTo(Command command, bool withKdf = false)
    {
        command.Options.Add(DataDir);
        Password.AddTo(command);
        if (withKdf)
        {
            Kdf.AcceptOnlyFromAmong("scrypt", "pbkdf2");
            command.Options.Add(Kdf);
        }
    }

    public string ResolveDataDir(ParseResult parse)
    {
        var dir = parse.GetValue(DataDir)?.FullName ?? Environment.GetEnvironmentVariable(DataDirVariable);
        if (string.IsNullOrWhiteSpace(dir))
            throw new UsageException($"--data-dir: give the operator's data directory (or set ${DataDirVariable})");
        return Path.GetFullPath(dir);
    }

    public KeystoreKdfChoice ResolveKdf(ParseResult parse) =>
        parse.GetValue(Kdf) == "pbkdf2" ? KeystoreKdfChoice.Pbkdf2 : KeystoreKdfChoice.Scrypt;

    public PasswordSource ResolvePassword(ParseResult parse) => Password.Resolve(parse);

    /// <summary>Opens the operator's keys (a wrong password fails here, in one line).</summary>
    public OperatorKeyStore Open(ParseResult parse)
    {
        var dir = ResolveDataDir(parse);
        var password = ResolvePassword(parse);
        if (!OperatorKeyStore.Exists(dir))
            throw new CommandFailedException($"no operator keys in {dir}: run `dvt operator init --data-dir {dir}` first");
        return OperatorKeyStore.Open(dir, password, ResolveKdf(parse));
    }
}
