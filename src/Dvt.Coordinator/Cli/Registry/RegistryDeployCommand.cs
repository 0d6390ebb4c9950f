using System.CommandLine;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Transactions;
using Spectre.Console;

namespace Dvt.Coordinator.Cli.Registry;

/// <summary>
/// `dvt registry deploy`: deploys the DvtRegistry (the bytecode forge built, carried by the generated bindings),
/// paid by the operator's account, on the chain's deposit contract — the known one of a public network, the one
/// given with --deposit-contract, or else a devnet deposit contract deployed first. Prints the registry's address
/// and the block it was deployed in (the coordinator config's registryStartBlock).
/// </summary>
public static class RegistryDeployCommand
{
    public static Command Create()
    {
        var chain = new ChainOptions();
        var options = new OperatorOptions();
        var depositContract = new Option<string?>("--deposit-contract")
        {
            Description = "the beacon-chain deposit contract to use [default: the known one of mainnet, sepolia, holesky, hoodi; elsewhere a devnet deposit contract is deployed]",
            HelpName = "ADDRESS",
        };
        var json = new Option<bool>("--json") { Description = "print JSON for machines instead of text" };
        var command = new Command("deploy", "deploy a DvtRegistry (and, on a chain without one, a devnet deposit contract), paid by this operator's account");
        command.Options.Add(chain.RpcUrl);
        options.AddTo(command);
        command.Options.Add(depositContract);
        command.Options.Add(json);
        command.SetAction(async (parse, ct) =>
        {
            var rpcUrl = chain.ResolveRpcUrl(parse);
            Address? givenDeposit = null;
            if (parse.GetValue(depositContract) is { } text)
            {
                try
                {
                    givenDeposit = Address.Parse(text.Trim(), "--deposit-contract");
                }
                catch (FormatException e)
                {
                    throw new UsageException(e.Message);
                }
            }
            using var keys = options.Open(parse);
            await using var rpc = RpcClient.ForUrl(rpcUrl);
            var chainId = await rpc.ChainIdAsync(ct).ConfigureAwait(false);
            var sender = await TransactionSender.CreateAsync(rpc, keys.EthereumKey, ct: ct).ConfigureAwait(false);
            var balance = await rpc.GetBalanceAsync(keys.Address, BlockTag.Latest, ct).ConfigureAwait(false);
            if (balance.IsZero)
                throw new CommandFailedException($"the account {keys.Address} has no ETH on chain {chainId} to pay for the deployment: fund it first (README, \"Running an operator\")");

            var (deposit, depositSource) = await ResolveDepositContractAsync(rpc, sender, chainId, givenDeposit, ct).ConfigureAwait(false);
            var before = await rpc.BlockNumberAsync(ct).ConfigureAwait(false);
            var registry = await DvtRegistryContract.DeployAsync(sender, deposit, ct).ConfigureAwait(false);
            var startBlock = await DeploymentBlockAsync(rpc, registry.Address, before, ct).ConfigureAwait(false);

            if (parse.GetValue(json))
            {
                JsonOutput.Write(new
                {
                    ChainId = chainId,
                    Registry = registry.Address.ToString(),
                    StartBlock = startBlock.Value,
                    DepositContract = deposit.ToString(),
                    DepositContractSource = depositSource,
                    Deployer = keys.Address.ToString(),
                });
            }
            else
            {
                AnsiConsole.MarkupLine(Markup.Escape($"registry {registry.Address} deployed in block {startBlock.Value} on chain {chainId} (registryStartBlock: {startBlock.Value})"));
                AnsiConsole.MarkupLine(Markup.Escape($"deposit contract {deposit} ({depositSource})"));
            }
            return ExitCodes.Success;
        });
        var registryCommand = new Command("registry", "the DvtRegistry contract itself");
        registryCommand.Subcommands.Add(command);
        return registryCommand;
    }

    private static async Task<(Address Address, string Source)> ResolveDepositContractAsync(
        RpcClient rpc, TransactionSender sender, ulong chainId, Address? given, CancellationToken ct)
    {
        if (given is { } chosen)
        {
            await RequireCodeAsync(rpc, chosen, "--deposit-contract", ct).ConfigureAwait(false);
            return (chosen, "given with --deposit-contract");
        }
        if (KnownDepositContracts.For(chainId) is { } known)
        {
            await RequireCodeAsync(rpc, known.Address, $"the {known.Network} deposit contract", ct).ConfigureAwait(false);
            return (known.Address, $"the {known.Network} deposit contract");
        }
        var devnet = await DevnetDepositContract.DeployAsync(sender, ct).ConfigureAwait(false);
        return (devnet.Address, $"a devnet deposit contract deployed now: chain {chainId} has no known one");
    }

    private static async Task RequireCodeAsync(RpcClient rpc, Address address, string what, CancellationToken ct)
    {
        if ((await rpc.GetCodeAsync(address, BlockTag.Latest, ct).ConfigureAwait(false)).Length == 0)
            throw new CommandFailedException($"{what}: no contract at {address} on this chain (give the right one with --deposit-contract)");
    }

    /// <summary>The first block whose state holds the registry's code: where its event log starts.</summary>
    private static async Task<BlockNumber> DeploymentBlockAsync(RpcClient rpc, Address registry, BlockNumber before, CancellationToken ct)
    {
        var low = before.Value + 1;
        var high = (await rpc.BlockNumberAsync(ct).ConfigureAwait(false)).Value;
        while (low < high)
        {
            var middle = low + (high - low) / 2;
            if ((await rpc.GetCodeAsync(registry, BlockTag.At(new BlockNumber(middle)), ct).ConfigureAwait(false)).Length > 0)
                high = middle;
            else
                low = middle + 1;
        }
        return new BlockNumber(low);
    }
}
