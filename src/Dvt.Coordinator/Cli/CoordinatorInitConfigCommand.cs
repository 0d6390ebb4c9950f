using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dvt.Consensus.Networks;
using Dvt.ContractBindings.Rpc;
using Dvt.Coordinator.Configuration;

namespace Dvt.Coordinator.Cli;

/// <summary>
/// `dvt coordinator init-config --network ... --out FILE`: writes a coordinator config that `coordinator run` accepts,
/// from the options an operator already has (RPC, registry, data directory, password file). The chain id comes from
/// the RPC node unless given. The file is checked exactly as `coordinator run` reads it before it is written, and
/// an existing file is never overwritten; every error names the option.
/// </summary>
public static class CoordinatorInitConfigCommand
{
    public static Command Create()
    {
        var network = new Option<string>("--network")
        {
            Description = $"the chain: {NetworkReference.Accepted}",
            HelpName = "NAME|FILE",
            Required = true,
        };
        var output = new Option<FileInfo>("--out") { Description = "the config file to write (never overwritten)", HelpName = "FILE", Required = true };
        var chain = new ChainOptions();
        var dataDir = new Option<DirectoryInfo>("--data-dir") { Description = "the operator's data directory (from `dvt operator init`)", HelpName = "DIR", Required = true };
        var passwordFile = new Option<FileInfo>("--password-file") { Description = "file holding the keystore password (the config names the file, never the password)", HelpName = "FILE", Required = true };
        var peerListen = new Option<string>("--peer-listen") { Description = "host:port of the public peer API (the endpoint you register)", HelpName = "HOST:PORT", Required = true };
        var validatorClientListen = new Option<string?>("--validator-client-listen")
        {
            Description = "host:port of the validator client's Web3Signer API and /metrics [default: 127.0.0.1:9001]",
            HelpName = "HOST:PORT",
        };
        var beacon = new Option<string?>("--beacon-node-url") { Description = "the beacon node exits are submitted to and watched through (needed for exits)", HelpName = "URL" };
        var startBlock = new Option<ulong>("--registry-start-block") { Description = "the block the registry was deployed at (where the log follower starts)", HelpName = "N" };
        var chainId = new Option<ulong?>("--chain-id") { Description = "the execution chain id [default: asked from --rpc-url]", HelpName = "ID" };
        var confirmations = new Option<ulong>("--confirmations")
        {
            Description = "blocks kept back from the head before acting (0 for a local node that mines only on demand)",
            HelpName = "N",
            DefaultValueFactory = _ => 2,
        };

        var command = new Command("init-config", "write a coordinator config file for a network");
        command.Options.Add(network);
        command.Options.Add(output);
        chain.AddTo(command);
        foreach (var option in new Option[] { dataDir, passwordFile, peerListen, validatorClientListen, beacon, startBlock, chainId, confirmations })
            command.Options.Add(option);
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(output)!;
            if (file.Exists)
                throw new UsageException($"--out: {file.FullName} exists; it is never overwritten");
            if (file.Directory is { Exists: false } folder)
                throw new UsageException($"--out: the folder {folder.FullName} does not exist");
            var target = chain.Resolve(parse);
            var data = parse.GetValue(dataDir)!;
            if (!data.Exists)
                throw new UsageException($"--data-dir: {data.FullName} does not exist (create it with dvt operator init)");
            var password = parse.GetValue(passwordFile)!;
            if (!password.Exists)
                throw new UsageException($"--password-file: {password.FullName} does not exist");
            var networkValue = parse.GetValue(network)!;
            // A path is written absolute: the config may be moved, the network file stays where it is.
            var networkText = NamedNetworks.Find(networkValue) is null && File.Exists(networkValue) ? Path.GetFullPath(networkValue) : networkValue;

            var id = parse.GetValue(chainId);
            if (id is null)
            {
                await using var rpc = RpcClient.ForUrl(target.RpcUrl, new RpcClientOptions { RequestTimeout = TimeSpan.FromSeconds(10), MaxRetries = 1 });
                id = await rpc.ChainIdAsync(ct).ConfigureAwait(false);
            }
            var config = new JsonObject
            {
                ["network"] = networkText,
                ["rpcUrl"] = target.RpcUrl.ToString(),
                ["registryAddress"] = target.Registry.ToString(),
                ["registryStartBlock"] = parse.GetValue(startBlock),
                ["chainId"] = id.Value,
                ["dataDir"] = data.FullName,
                ["peerListen"] = parse.GetValue(peerListen),
                ["passwordFile"] = password.FullName,
                ["confirmations"] = parse.GetValue(confirmations),
            };
            if (parse.GetValue(validatorClientListen) is { } vcListen)
                config["validatorClientListen"] = vcListen;
            if (parse.GetValue(beacon) is { } beaconUrl)
                config["beaconNodeUrl"] = beaconUrl;
            var text = config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

            // Read back exactly as `coordinator run` reads it; a field's error is reported as the option that set it.
            try
            {
                CoordinatorConfig.Parse(text, file.DirectoryName!);
            }
            catch (ConfigException e)
            {
                throw new UsageException($"{OptionOf(e.Field)}: {e.Problem}");
            }
            await File.WriteAllTextAsync(file.FullName, text, ct).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {file.FullName}: network {networkText}, chain {id.Value}; run it with: dvt coordinator run --config {file.FullName}"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string OptionOf(string field) => field switch
    {
        "network" or "--network" => "--network",
        "peerListen" => "--peer-listen",
        "validatorClientListen" => "--validator-client-listen",
        "beaconNodeUrl" => "--beacon-node-url",
        "rpcUrl" => "--rpc-url",
        "registryAddress" => "--registry",
        "confirmations" => "--confirmations",
        "chainId" => "--chain-id",
        "passwordFile" => "--password-file",
        "dataDir" => "--data-dir",
        _ => field,
    };
}
