using System.CommandLine;
using Dvt.ContractBindings.Contracts;
using Spectre.Console;

namespace Dvt.Coordinator.Cli.Operators;

/// <summary>`dvt operator register --endpoint URL`: registers the operator's share-encryption key and peer endpoint.</summary>
public static class OperatorRegisterCommand
{
    public static Command Create()
    {
        var chain = new ChainOptions();
        var options = new OperatorOptions();
        var endpoint = new Option<string>("--endpoint")
        {
            Description = "the URL other operators reach this operator's coordinator at (its peer and signer API), e.g. https://op1.example:9000",
            HelpName = "URL",
            Required = true,
        };
        var command = new Command("register", "register this operator in the registry (share-encryption public key and endpoint)");
        command.Options.Add(endpoint);
        chain.AddTo(command);
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var url = parse.GetValue(endpoint)!;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new UsageException($"--endpoint: '{url}' is not an http:// or https:// URL");
            var target = chain.Resolve(parse);
            using var keys = options.Open(parse);
            var registry = await target.OpenForSendingAsync(keys.EthereumKey, ct).ConfigureAwait(false);
            var receipt = await registry.RegisterOperatorAsync(keys.ShareEncryptionPublicKey.Span.ToArray(), url, ct).ConfigureAwait(false);
            var registered = receipt.Logs
                .Where(l => l.Address == registry.Address && l.Topics.Count > 0 && l.Topics[0] == DvtRegistryContract.OperatorRegisteredEvent.Topic0)
                .Select(DvtRegistryContract.OperatorRegisteredEvent.Decode)
                .Single();
            AnsiConsole.MarkupLine(Markup.Escape(
                $"registered operator {registered.OperatorId} ({keys.Address}) with endpoint {url} in block {receipt.BlockNumber}"));
            return ExitCodes.Success;
        });
        return command;
    }
}
