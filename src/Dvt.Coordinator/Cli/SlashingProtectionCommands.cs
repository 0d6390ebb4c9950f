using System.CommandLine;
using Dvt.Consensus.Networks;
using Dvt.Coordinator.Keys;
using Dvt.SlashingProtection;
using Dvt.SlashingProtection.Interchange;
using Dvt.SlashingProtection.Storage;
using Microsoft.Data.Sqlite;
using Spectre.Console;

namespace Dvt.Coordinator.Cli;

/// <summary>
/// `dvt slashing-protection import | export --data-dir DIR [--network NET] FILE`: EIP-3076 interchange (format 5) into
/// and out of the operator's slashing-protection database (DIR/slashing.sqlite), e.g. when a solo validator moves into
/// dvt. With --network, the file (import) or the database (export) must be for that network's genesis validators root.
/// </summary>
public static class SlashingProtectionCommands
{
    public static Command Create()
    {
        var command = new Command("slashing-protection", "import or export the EIP-3076 slashing-protection interchange of this operator's keys");
        command.Subcommands.Add(Import());
        command.Subcommands.Add(Export());
        return command;
    }

    private static Option<DirectoryInfo?> DataDirOption() => new("--data-dir")
    {
        Description = $"the operator's data directory (its slashing.sqlite) [default: ${OperatorOptions.DataDirVariable}]",
        HelpName = "DIR",
    };

    private static Option<string?> NetworkOption() => new("--network")
    {
        Description = $"the chain the history must be for (its genesis validators root): {NetworkReference.Accepted} [default: not checked]",
        HelpName = "NET",
    };

    /// <summary>The genesis validators root of --network, or null when it is not given.</summary>
    private static GenesisValidatorsRoot? ResolveNetworkRoot(ParseResult parse, Option<string?> option)
    {
        if (parse.GetValue(option) is not { } value)
            return null;
        EthereumNetwork network;
        try
        {
            network = NetworkReference.Resolve(value, Environment.CurrentDirectory);
        }
        catch (Exception e) when (e is ArgumentException or ConsensusConfigException)
        {
            throw new UsageException($"--network: {e.Message}");
        }
        return network.GenesisValidatorsRoot is { } root
            ? new GenesisValidatorsRoot(root.AsSpan())
            : throw new UsageException($"--network: {network.Name} gives no genesis validators root (set GENESIS_VALIDATORS_ROOT in its config.yaml)");
    }

    private static string ResolveDataDir(ParseResult parse, Option<DirectoryInfo?> option)
    {
        var dir = parse.GetValue(option)?.FullName ?? Environment.GetEnvironmentVariable(OperatorOptions.DataDirVariable);
        if (string.IsNullOrWhiteSpace(dir))
            throw new UsageException($"--data-dir: give the operator's data directory (or set ${OperatorOptions.DataDirVariable})");
        if (!Directory.Exists(dir))
            throw new UsageException($"--data-dir: {dir} does not exist");
        return dir;
    }

    private static Command Import()
    {
        var dataDir = DataDirOption();
        var file = new Argument<FileInfo>("FILE") { Description = "an EIP-3076 interchange file (format version 5)" };
        var network = NetworkOption();
        var command = new Command("import", "merge an EIP-3076 interchange file into the operator's slashing-protection database (all or nothing)");
        command.Options.Add(dataDir);
        command.Options.Add(network);
        command.Arguments.Add(file);
        command.SetAction(async (parse, ct) =>
        {
            var dir = ResolveDataDir(parse, dataDir);
            var expected = ResolveNetworkRoot(parse, network);
            var input = parse.GetValue(file)!;
            if (!input.Exists)
                throw new UsageException($"FILE: {input.FullName} does not exist");
            InterchangeDocument document;
            try
            {
                document = InterchangeJson.Parse(await File.ReadAllBytesAsync(input.FullName, ct).ConfigureAwait(false));
            }
            catch (InterchangeFormatException e)
            {
                throw new CommandFailedException($"{input.FullName} is not a valid EIP-3076 interchange: {e.Message}");
            }
            if (expected is { } root && root != document.GenesisValidatorsRoot)
                throw new CommandFailedException(
                    $"{input.FullName} is for chain {document.GenesisValidatorsRoot} (genesis validators root) but --network {parse.GetValue(network)} is {root}; nothing imported");
            var database = new DataDirectory(dir).SlashingDatabase;
            try
            {
                await using var store = await SqliteSlashingProtectionStore.OpenAsync(database, document.GenesisValidatorsRoot, ct).ConfigureAwait(false);
                var summary = await store.ImportAsync(document, ct).ConfigureAwait(false);
                AnsiConsole.MarkupLine(Markup.Escape(
                    $"imported {summary.Validators} keys ({summary.BlocksRead} blocks, {summary.AttestationsRead} attestations, "
                    + $"{summary.ConflictsCollapsed} conflicts collapsed) into {database}"));
            }
            catch (ChainMismatchException e)
            {
                throw new CommandFailedException($"{input.FullName} is for chain {e.Requested} (genesis validators root) but {database} belongs to {e.Stored}");
            }
            catch (InterchangeImportException e)
            {
                throw new CommandFailedException($"import refused, nothing changed: {e.Message}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Export()
    {
        var dataDir = DataDirOption();
        var file = new Argument<FileInfo>("FILE") { Description = "where to write the EIP-3076 interchange (refuses to overwrite)" };
        var network = NetworkOption();
        var command = new Command("export", "write the operator's whole signing history as an EIP-3076 interchange file");
        command.Options.Add(dataDir);
        command.Options.Add(network);
        command.Arguments.Add(file);
        command.SetAction(async (parse, ct) =>
        {
            var dir = ResolveDataDir(parse, dataDir);
            var expected = ResolveNetworkRoot(parse, network);
            var output = parse.GetValue(file)!;
            if (output.Exists)
                throw new UsageException($"FILE: {output.FullName} already exists; refusing to overwrite it");
            var database = new DataDirectory(dir).SlashingDatabase;
            if (!File.Exists(database))
                throw new CommandFailedException($"no slashing-protection database at {database}: this operator has signed nothing yet");
            var root = await ReadBoundRootAsync(database, ct).ConfigureAwait(false);
            if (expected is { } wanted && wanted != root)
                throw new CommandFailedException($"{database} belongs to chain {root} (genesis validators root) but --network {parse.GetValue(network)} is {wanted}; nothing exported");
            await using var store = await SqliteSlashingProtectionStore.OpenAsync(database, root, ct).ConfigureAwait(false);
            var document = await store.ExportAsync(cancellationToken: ct).ConfigureAwait(false);
            await File.WriteAllTextAsync(output.FullName, InterchangeJson.Write(document), ct).ConfigureAwait(false);
            AnsiConsole.MarkupLine(Markup.Escape(
                $"exported {document.Data.Count} keys ({document.Data.Sum(v => v.SignedBlocks.Count)} blocks, "
                + $"{document.Data.Sum(v => v.SignedAttestations.Count)} attestations) for chain {root} to {output.FullName}"));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The chain the database was created for (its store_metadata row, see Dvt.SlashingProtection's README), so that
    /// exporting needs no chain parameter the operator could get wrong.
    /// </summary>
    private static async Task<GenesisValidatorsRoot> ReadBoundRootAsync(string database, CancellationToken ct)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM store_metadata WHERE name = 'genesis_validators_root'";
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is byte[] { Length: GenesisValidatorsRoot.Length } bytes
            ? new GenesisValidatorsRoot(bytes)
            : throw new CommandFailedException($"{database} records no genesis validators root: not a dvt slashing-protection database");
    }
}
