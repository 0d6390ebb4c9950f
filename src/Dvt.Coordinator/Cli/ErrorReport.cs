using Dvt.ContractBindings.Abi;
using Dvt.ContractBindings.Rpc;
using Dvt.Crypto.Keystores;

namespace Dvt.Coordinator.Cli;

/// <summary>
/// Turns whatever a command threw into the single line `dvt` prints after "error: " and its exit code. No stack
/// traces: an operator needs the failing action and the reason; a contract revert is shown by its custom error's
/// name with named, decoded arguments.
/// </summary>
public static class ErrorReport
{
    public static (string Message, int ExitCode) Describe(Exception error) => error switch
    {
        UsageException usage => (usage.Message, ExitCodes.Usage),
        ContractCustomErrorException custom => (RegistryRefusal(custom), ExitCodes.Failure),
        ContractRevertException revert => ($"the transaction reverted: {revert.Message}", ExitCodes.Failure),
        RpcTimeoutException timeout => ($"the Ethereum node did not answer in time: {timeout.Message}", ExitCodes.Failure),
        RpcTransportException transport => ($"cannot reach the Ethereum node: {transport.Message}", ExitCodes.Failure),
        RpcErrorException rpc => ($"the Ethereum node refused the request: {rpc.Message}", ExitCodes.Failure),
        KeystorePasswordException => ("wrong password: the keystore's checksum does not match", ExitCodes.Failure),
        AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerExceptions[0]),
        _ => (error.Message, ExitCodes.Failure),
    };

    /// <summary>One line: what went wrong, never spanning lines (a node's message may contain newlines).</summary>
    public static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>"the registry refused: WrongValidatorStatus(validatorId=3, status=deposited)".</summary>
    public static string RegistryRefusal(ContractCustomErrorException custom)
    {
        var parts = new List<string>(custom.Values.Count);
        for (var i = 0; i < custom.Values.Count; i++)
        {
            var input = i < custom.Error.Inputs.Count ? custom.Error.Inputs[i] : null;
            var value = custom.Values[i];
            var text = value is byte b && RegistryNames.ForInternalType(input?.InternalType, b) is { } name
                ? name
                : AbiValueText.Format(value);
            parts.Add(input is null || input.Name.Length == 0 ? text : $"{input.Name}={text}");
        }
        var hash = custom.TransactionHash is { } h ? $" (transaction {h})" : string.Empty;
        return $"the registry refused: {custom.Error.Name}({string.Join(", ", parts)}){hash}";
    }
}
