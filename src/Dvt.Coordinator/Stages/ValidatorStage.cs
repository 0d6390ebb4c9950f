using Dvt.ContractBindings;
using Dvt.Coordinator.Chain;
using Dvt.Crypto.Bls;

namespace Dvt.Coordinator.Stages;

/// <summary>
/// The validator state machine of one coordinator: reads a validator at the confirmed block (<see cref="ValidatorPass"/>),
/// looks up its phase in <see cref="ValidatorActionTable"/>, and runs the steps of that row this operator's role calls
/// for, each in the type that owns its concern (<see cref="KeyRoundStep"/>, <see cref="KeyFileStep"/>,
/// <see cref="SoloKeyStep"/>, <see cref="FundingStep"/>, <see cref="ExitStep"/>, <see cref="SigningSetPublisher"/>).
/// Every step is decided from chain state and checked against it before a transaction, so running it again after a
/// crash, a restart or a reorg resumes where the chain stands and never repeats a finished step.
/// </summary>
public sealed class ValidatorStage(
    KeyRoundStep keyRounds,
    KeyFileStep keyFiles,
    SoloKeyStep soloKeys,
    FundingStep funding,
    ExitStep exits,
    SigningSetPublisher publisher,
    RegistryStepSender sender)
{
    /// <summary>Brings one validator forward by every step this operator can take now.</summary>
    public async Task HandleAsync(RegistrySnapshot chain, BlockNumber at, ulong me, ulong validatorId, CancellationToken ct)
    {
        var pass = await ValidatorPass.ReadAsync(chain, at, me, validatorId, ct).ConfigureAwait(false);
        var phase = ValidatorActionTable.PhaseOf(pass);
        BlsSecretKey? fullKey = null;
        foreach (var row in ValidatorActionTable.Rows[phase])
        {
            if (!ValidatorActionTable.Plays(row.Role, pass))
                continue;
            if (row.Action == ValidatorAction.EnsureFullKey)
            {
                fullKey = keyFiles.SigningFullKeyOf(pass.Validator);
                if (fullKey is null)
                    return;
                continue;
            }
            await RunAsync(row.Action, pass, fullKey, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Records a failed <see cref="HandleAsync"/> of the validator (<see cref="RegistryStepSender.StepFailedAsync"/>).</summary>
    public Task StepFailedAsync(ulong validatorId, Exception failure, Dvt.ContractBindings.Transactions.TransactionSender transactions, CancellationToken ct)
        => sender.StepFailedAsync(validatorId, "step", failure, transactions, ct);

    /// <summary>Waits for the steps that run beside the validator's handling (the deposit lane) to end: the daemon is stopping.</summary>
    public Task DrainAsync() => funding.DrainAsync();

    private Task RunAsync(ValidatorAction action, ValidatorPass pass, BlsSecretKey? fullKey, CancellationToken ct)
    {
        var (chain, v, round, me, at) = (pass.Chain, pass.Validator, pass.Round, pass.Me, pass.At);
        switch (action)
        {
            case ValidatorAction.DeleteShares:
                keyFiles.DeleteShares(v.ValidatorId, keep: null, v.Status == ValidatorStatus.Exited ? "the validator exited" : "the validator is solo");
                return Task.CompletedTask;
            case ValidatorAction.KeepCurrentShares:
                return keyFiles.KeepCurrentSharesAsync(pass, ct);
            case ValidatorAction.RecoverDkgFullKey:
                return keyFiles.RecoverDkgFullKeyAsync(chain, v, round!, ct);
            case ValidatorAction.SetSoloPublicKey:
                return soloKeys.SetSoloPublicKeyAsync(pass, FullKeyFound(fullKey), ct);
            case ValidatorAction.PromoteStaged:
                return soloKeys.PromoteStagedAsync(pass, ct);
            case ValidatorAction.JudgeComplaints:
                return keyRounds.JudgePendingAsync(chain, v, me, at, ct);
            case ValidatorAction.DrawHolders:
                return keyRounds.DrawHoldersAsync(pass, ct);
            case ValidatorAction.Deal:
                return keyRounds.DealAsync(chain, v, round!, pass.LastCompleted, me, at, ct);
            case ValidatorAction.CheckAndAck:
                return keyRounds.CheckAndAckAsync(chain, v, round!, me, at, ct);
            case ValidatorAction.RestartRound:
                return keyRounds.RestartAsync(chain, v, round!, me, at, ct);
            case ValidatorAction.Deposit:
                return funding.DepositAsync(v, at, ct);
            case ValidatorAction.Exit:
                return exits.ExitAsync(v, at, ct);
            case ValidatorAction.PublishShares:
                return publisher.PublishSharesAsync(pass, ct);
            case ValidatorAction.PublishFullKey:
                return publisher.PublishFullKeyAsync(pass, FullKeyFound(fullKey), ct);
            case ValidatorAction.Unpublish:
                publisher.Unpublish(v.ValidatorId);
                return Task.CompletedTask;
            default:
                throw new InvalidOperationException($"validator {v.ValidatorId}: action {action} has no step");
        }
    }

    private static BlsSecretKey FullKeyFound(BlsSecretKey? fullKey) =>
        fullKey ?? throw new InvalidOperationException($"the table runs {ValidatorAction.EnsureFullKey} before any step that uses the full key");
}
