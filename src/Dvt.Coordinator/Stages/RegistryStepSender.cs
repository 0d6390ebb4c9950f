using System.Collections.Concurrent;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Abi;
using Dvt.Coordinator.Chain;
using Dvt.Coordinator.SignerHosting;
using Microsoft.Extensions.Logging;

namespace Dvt.Coordinator.Stages;

/// <summary>
/// Sends the registry transactions of every validator step, once per (validator, step, round) until the snapshot
/// reaches the block it was mined in, and counts each one sent or refused.
/// </summary>
public sealed class RegistryStepSender(CoordinatorState state, CoordinatorMetrics metrics, ILogger logger)
{
    private readonly ConcurrentDictionary<(ulong, string, uint), BlockNumber> sent = new();

    /// <summary>
    /// Sends a transaction unless the same step was sent and mined at a block the snapshot has not reached yet (the
    /// view cannot show it). A refusal by the contract is logged: the next look at the chain decides again.
    /// </summary>
    public async Task<bool> SendOnceAsync(ulong validatorId, string step, uint round, BlockNumber at, Func<Task<Dvt.ContractBindings.Rpc.TransactionReceipt>> send)
    {
        if (sent.TryGetValue((validatorId, step, round), out var minedAt) && minedAt > at)
            return false;
        try
        {
            var receipt = await send().ConfigureAwait(false);
            sent[(validatorId, step, round)] = receipt.BlockNumber;
            metrics.Transactions.WithLabels(step).Inc();
            logger.LogInformation("validator {Validator}: {Step}{Round} mined in block {Block}", validatorId, step, round == 0 ? "" : $" (round {round})", receipt.BlockNumber);
            return true;
        }
        catch (ContractRevertException e)
        {
            logger.LogInformation("validator {Validator}: {Step} refused by the registry ({Reason}); will look again", validatorId, step, e.Message);
            metrics.Refusals.WithLabels(step).Inc();
            state.MarkTouched(validatorId);
            return false;
        }
    }
}
