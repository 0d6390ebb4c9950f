using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dvt.Coordinator.Cli;
using Spectre.Console;

namespace Dvt.Coordinator.Devnet;

/// <summary>
/// `dvt devnet up --endpoints FILE [--operators N]`: starts what `dvt devnet` starts (anvil, the registry, N
/// coordinators, a solo and two 3-of-4 validators, the simulated beacon node), writes where everything is to FILE as
/// JSON, and stays up until Ctrl-C or SIGTERM, then stops every process it started. For users, auditors and probes
/// that need a live cluster.
/// </summary>
public static class DevnetUpCommand
{
    public static Command Create()
    {
        var endpoints = new Option<FileInfo>("--endpoints")
        {
            Description = "write the cluster's endpoints to FILE (JSON: rpcUrl, chainId, registry, operators, validators) once it is up",
            HelpName = "FILE",
            Required = true,
        };
        var cluster = new DevnetClusterOptions("up");
        var command = new Command("up", "start a local dvt network and keep it running until Ctrl-C or SIGTERM");
        command.Options.Add(endpoints);
        cluster.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var count = cluster.Operators(parse);
            var file = parse.GetValue(endpoints)!;
            if (file.Directory is { Exists: false } folder)
                throw new UsageException($"--endpoints: the folder {folder.FullName} does not exist");
            return await RunAsync(count, file.FullName, cluster.WorkDir(parse), cluster.AnvilPath(parse), ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(int operators, string endpointsFile, string workDir, string anvilPath, CancellationToken ct)
    {
        var console = new DevnetConsole();
        AnsiConsole.MarkupLine($"[bold]dvt devnet up[/]: {operators} operators, work folder {Markup.Escape(workDir)}");
        DevnetCluster? cluster = null;
        try
        {
            var profile = DevnetProfile.Named("short")!;
            cluster = await DevnetCluster.StartAsync(DevnetClusterSettings.ForDevnet(workDir, anvilPath, profile.RecoveryDeadline), new ChildProcessCoordinators(), ct).ConfigureAwait(false);
            console.Step($"anvil at {cluster.Anvil.Url} (chain {cluster.ChainId}); DvtRegistry at {cluster.Registry.Address}; simulated beacon node at {cluster.Beacon.Url}");
            var scenario = new DevnetScenario(cluster, profile, new DutyFactory(cluster.Network.Preset, DevnetCluster.GenesisValidatorsRoot), console, operators);
            if (!await scenario.SetUpAsync(ct).ConfigureAwait(false))
            {
                var failed = scenario.Checks.First(c => !c.Passed);
                throw new CommandFailedException($"the devnet did not come up: {failed.Name}: {failed.Detail}");
            }
            var document = await EndpointsAsync(cluster, scenario, ct).ConfigureAwait(false);
            // Written whole, then moved into place: a reader never sees half a file.
            var partial = endpointsFile + ".partial";
            await File.WriteAllTextAsync(partial, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), ct).ConfigureAwait(false);
            File.Move(partial, endpointsFile, overwrite: true);
            console.Step($"up: endpoints in {endpointsFile}; Ctrl-C or SIGTERM stops every process started here");
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            if (cluster is not null)
                await cluster.DisposeAsync().ConfigureAwait(false);
            AnsiConsole.MarkupLine("dvt devnet up: stopped every process it started");
        }
        return ExitCodes.Success;
    }

    private static async Task<JsonObject> EndpointsAsync(DevnetCluster cluster, DevnetScenario scenario, CancellationToken ct)
    {
        var operators = new JsonArray();
        foreach (var node in cluster.Nodes)
        {
            operators.Add(new JsonObject
            {
                ["id"] = node.OperatorId,
                ["address"] = node.Address.ToString(),
                ["peerUrl"] = node.Endpoint.ToString(),
                ["validatorClientUrl"] = node.ValidatorClientEndpoint.ToString(),
                ["dataDir"] = node.DataDir,
                ["passwordFile"] = node.PasswordFile,
                ["config"] = node.ConfigFile,
            });
        }
        var validators = new JsonArray();
        foreach (var v in scenario.Validators)
        {
            var state = await cluster.Registry.GetValidatorAsync(v.Id, ct: ct).ConfigureAwait(false);
            var holders = await cluster.Registry.GetHoldersAsync(v.Id, ct: ct).ConfigureAwait(false);
            validators.Add(new JsonObject
            {
                ["id"] = v.Id,
                ["publicKey"] = v.PublicKey,
                ["mode"] = RegistryNames.Mode(v.Mode),
                ["owner"] = state.OwnerOperatorId,
                ["holders"] = new JsonArray(holders.Select(h => (JsonNode)h).ToArray()),
            });
        }
        return new JsonObject
        {
            ["rpcUrl"] = cluster.Anvil.Url.ToString(),
            ["chainId"] = cluster.ChainId,
            ["registry"] = cluster.Registry.Address.ToString(),
            ["network"] = cluster.NetworkFile,
            ["beaconNodeUrl"] = cluster.Beacon.Url.ToString(),
            ["operators"] = operators,
            ["validators"] = validators,
        };
    }
}
