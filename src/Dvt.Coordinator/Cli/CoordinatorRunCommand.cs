using System.CommandLine;
using Dvt.Coordinator.Configuration;

namespace Dvt.Coordinator.Cli;

/// <summary>
/// `dvt coordinator run --config FILE`: the daemon. It follows the registry, takes part in key rounds, deposits
/// and exits, and serves the Web3Signer API, the peer API and /metrics until Ctrl-C or SIGTERM stops it cleanly.
/// </summary>
public static class CoordinatorRunCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config")
        {
            Description = "the coordinator's JSON config file (its fields: README.md, \"Running an operator\", step 3)",
            HelpName = "FILE",
            Required = true,
        };
        var network = new Option<string?>("--network")
        {
            Description = $"the chain, in place of the config's \"network\": {Dvt.Consensus.Networks.NetworkReference.Accepted}",
            HelpName = "NAME|FILE",
        };
        var run = new Command("run", "run the coordinator daemon until Ctrl-C or SIGTERM");
        run.Options.Add(config);
        run.Options.Add(network);
        run.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(config)!;
            if (!file.Exists)
                throw new UsageException($"--config: {file.FullName} does not exist");
            CoordinatorConfig loaded;
            try
            {
                loaded = CoordinatorConfig.Load(file.FullName, parse.GetValue(network));
            }
            catch (ConfigException e)
            {
                throw new UsageException($"--config {file.FullName}: {e.Message}");
            }
            await CoordinatorHost.RunAsync(loaded, ct).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        var coordinator = new Command("coordinator", "the coordinator daemon");
        coordinator.Subcommands.Add(run);
        coordinator.Subcommands.Add(CoordinatorInitConfigCommand.Create());
        return coordinator;
    }
}
