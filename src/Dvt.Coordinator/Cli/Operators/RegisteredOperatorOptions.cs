using System.CommandLine;

namespace Dvt.Coordinator.Cli.Operators;

/// <summary>
/// The options of a command an operator runs on its own registration (exit, set-endpoint, allow-list, rotate-key):
/// the chain (<see cref="ChainOptions"/>) and its keys (<see cref="OperatorOptions"/>), opened into the registered
/// operator, or refused when the account is not one.
/// </summary>
public sealed class RegisteredOperatorOptions(bool withKdf = false)
{
    private readonly ChainOptions chain = new();
    private readonly OperatorOptions keys = new();

    public void AddTo(Command command)
    {
        chain.AddTo(command);
        keys.AddTo(command, withKdf);
    }

    /// <summary>Opens the keys and the registry for sending from the operator's account; fails unless that account is a registered operator.</summary>
    public async Task<RegisteredOperator> OpenAsync(ParseResult parse, CancellationToken ct)
    {
        var target = chain.Resolve(parse);
        var opened = keys.Open(parse);
        try
        {
            var registry = await target.OpenForSendingAsync(opened.EthereumKey, ct).ConfigureAwait(false);
            var id = await registry.OperatorIdOfAsync(opened.Address, ct: ct).ConfigureAwait(false);
            if (id == 0)
                throw new CommandFailedException($"{opened.Address} is not a registered operator");
            return new RegisteredOperator(id, opened, registry);
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }
}
