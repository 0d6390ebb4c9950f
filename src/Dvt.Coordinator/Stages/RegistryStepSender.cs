using System.Collections.Concurrent;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Abi;
using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Transactions;
using Dvt.Coordinator.Chain;
using Dvt.Coordinator.SignerHosting;
using Microsoft.Extensions.Logging;

namespace Dvt.Coordinator.Stages;

/// <summary>
/// Sends the registry transactions of every validator step, once per (validator, step, round) until the snapshot
/// reaches the block it was mined in, and counts each one sent, refused or failed.
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

    /// <summary>
    /// What a step that failed leaves behind, wherever it ran (a pass's worker, the deposit lane): the validator marked
    /// touched so a later pass looks at it again, the failure counted and logged, and the account's nonce re-read when
    /// the failure says the cached one is wrong: the account was used elsewhere (e.g. the dvt command line), or a reorg
    /// dropped a sent transaction (its receipt never came).
    /// </summary>
    public async Task StepFailedAsync(ulong validatorId, string step, Exception failure, TransactionSender transactions, CancellationToken ct)
    {
        state.MarkTouched(validatorId);
        metrics.StepFailures.WithLabels(CoordinatorMetrics.ValidatorScope).Inc();
        try
        {
            if (failure is TimeoutException || (failure is RpcErrorException rpcError && rpcError.Message.Contains("nonce", StringComparison.OrdinalIgnoreCase)))
                await transactions.ResyncNonceAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        logger.LogError("validator {Validator}: {Step} failed, will retry: {Error}", validatorId, step, failure.ToString());
    }
}
