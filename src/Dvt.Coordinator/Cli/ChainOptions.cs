using System.CommandLine;
using Dvt.ContractBindings;

namespace Dvt.Coordinator.Cli;

/// <summary>
/// --rpc-url and --registry, with their environment fallbacks (DVT_RPC_URL, DVT_REGISTRY): where the chain is and
/// which registry on it. Everything an auditor's view needs; nothing local.
/// </summary>
public sealed class ChainOptions
{
    public const string RpcUrlVariable = "DVT_RPC_URL";
    public const string RegistryVariable = "DVT_REGISTRY";
    public const string DefaultRpcUrl = "http://127.0.0.1:8545";

    public Option<string?> RpcUrl { get; } = new("--rpc-url")
    {
        Description = $"Ethereum JSON-RPC endpoint (http, https, ws or wss) [default: ${RpcUrlVariable} or {DefaultRpcUrl}]",
        HelpName = "URL",
    };

    public Option<string?> Registry { get; } = new("--registry")
    {
        Description = $"address of the DvtRegistry contract [default: ${RegistryVariable}]",
        HelpName = "ADDRESS",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(RpcUrl);
        command.Options.Add(Registry);
    }

    /// <summary>--rpc-url (or DVT_RPC_URL, or the default), checked to be an http(s) or ws(s) URL.</summary>
    public Uri ResolveRpcUrl(ParseResult parse)
    {
        var rpcText = parse.GetValue(RpcUrl) ?? Environment.GetEnvironmentVariable(RpcUrlVariable) ?? DefaultRpcUrl;
        if (!Uri.TryCreate(rpcText, UriKind.Absolute, out var rpc) || rpc.Scheme is not ("http" or "https" or "ws" or "wss"))
            throw new UsageException($"--rpc-url: '{rpcText}' is not an http(s):// or ws(s):// URL");
        return rpc;
    }

    public ChainTarget Resolve(ParseResult parse)
    {
        var rpc = ResolveRpcUrl(parse);
        var registryText = parse.GetValue(Registry) ?? Environment.GetEnvironmentVariable(RegistryVariable);
        if (string.IsNullOrWhiteSpace(registryText))
            throw new UsageException($"--registry: give the DvtRegistry address (or set ${RegistryVariable})");
        Address registry;
        try
        {
            registry = Address.Parse(registryText.Trim(), "--registry");
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
        return new ChainTarget(rpc, registry);
    }
}
