using System.Collections.Concurrent;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Primitives;
using Dvt.Coordinator.Chain;
using Dvt.Coordinator.Configuration;
using Dvt.Coordinator.Keys;
using Microsoft.Extensions.Logging;

namespace Dvt.Coordinator.Stages;

/// <summary>
/// The owner's deposit of a validator whose key is set: threshold-signed by the holders, else with the owner's full key.
/// Deposits run in their own lane (<see cref="DepositsAtOnce"/> at once), beside the validator's step: a deposit waits
/// for t holders' partial signatures and then for its transaction, and while it did so inside the step it held one of
/// the coordinator's validator workers, so at 1,000 validators the owner's deposits delayed its deals, acks and the
/// publishing of finished keys (which need nothing from the deposit).
/// </summary>
public sealed class FundingStep(
    CoordinatorConfig config,
    OperatorKeyStore keys,
    DvtRegistryContract registry,
    CoordinatorState state,
    OwnerMessageSigner ownerSigner,
    RegistryStepSender sender,
    ILogger logger)
{
    private const int ThresholdDepositAttempts = 20;

    /// <summary>Deposits in flight at once: each holds holders' signing work and a transaction of the owner's account.</summary>
    public const int DepositsAtOnce = 8;

    private readonly ConcurrentDictionary<ulong, int> depositAttempts = new();
    private readonly ConcurrentDictionary<ulong, Task> inFlight = new();
    private readonly SemaphoreSlim lane = new(DepositsAtOnce, DepositsAtOnce);

    /// <summary>
    /// Starts the validator's deposit in the deposit lane and returns at once; nothing when its deposit is already in
    /// the lane. A deposit that ends without its transaction mined (no signature yet, refused, failed) marks the validator
    /// touched, and a mined one is announced by ValidatorDeposited, so the validator is always looked at again afterwards.
    /// </summary>
    public Task DepositAsync(ValidatorView v, BlockNumber at, CancellationToken ct)
    {
        var owned = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var deposit = RunInLaneAsync(v, at, owned.Task, ct);
        owned.SetResult(ReferenceEquals(inFlight.GetOrAdd(v.ValidatorId, deposit), deposit));
        return Task.CompletedTask;
    }

    /// <summary>Waits for the deposits in the lane to end (the daemon stopping).</summary>
    public async Task DrainAsync()
    {
        foreach (var deposit in inFlight.Values)
        {
            try
            {
                await deposit.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task RunInLaneAsync(ValidatorView v, BlockNumber at, Task<bool> owned, CancellationToken ct)
    {
        // Runs only if it is the validator's deposit in the lane (GetOrAdd stored this task), and not before: its end removes it.
        if (!await owned.ConfigureAwait(false))
            return;
        try
        {
            await lane.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await DepositNowAsync(v, at, ct).ConfigureAwait(false);
            }
            finally
            {
                lane.Release();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await sender.StepFailedAsync(v.ValidatorId, "deposit", e, registry.Sender!, ct).ConfigureAwait(false);
        }
        finally
        {
            inFlight.TryRemove(v.ValidatorId, out _);
        }
    }

    private async Task DepositNowAsync(ValidatorView v, BlockNumber at, CancellationToken ct)
    {
        var fullKey = keys.LoadFullKey(v.ValidatorId);
        if (fullKey is null || !fullKey.PublicKey.Bytes.AsSpan().SequenceEqual(v.PublicKey))
        {
            logger.LogError("validator {Validator}: cannot deposit: no full key matching the registered public key", v.ValidatorId);
            return;
        }
        var message = DepositMessages.Message(v.PublicKey, v.WithdrawalCredentials.Bytes);
        var signature = await ThresholdDepositSignatureAsync(v, message, ct).ConfigureAwait(false);
        if (signature is null)
        {
            if (depositAttempts.AddOrUpdate(v.ValidatorId, 1, (_, n) => n + 1) <= ThresholdDepositAttempts && v.Kind == ValidatorKind.Dvt)
            {
                state.MarkTouched(v.ValidatorId); // the holders may not list the key yet: ask again next pass
                return;
            }
            // A deposit is not slashable and the owner holds the full key (split source, DKG escrow, or solo key):
            // when the holders do not answer, or the validator is solo, the owner signs it alone.
            signature = DepositMessages.SignDeposit(fullKey, message, config.GenesisForkVersion);
            logger.LogInformation("validator {Validator}: deposit signed with the owner's full key", v.ValidatorId);
        }
        var root = DepositMessages.DepositDataRoot(message, signature);
        await sender.SendOnceAsync(v.ValidatorId, "deposit", 0, at, () => registry.DepositAsync(v.ValidatorId, v.PublicKey, signature, new Hash32(root), ct)).ConfigureAwait(false);
    }

    /// <summary>
    /// A DEPOSIT request through the signer's threshold path (partials from t holders over the peer API, combined and
    /// verified); null when the validator is solo, or t partials did not come.
    /// </summary>
    private Task<byte[]?> ThresholdDepositSignatureAsync(ValidatorView v, DepositMessage message, CancellationToken ct)
    {
        var root = DepositMessages.SigningRoot(message, config.GenesisForkVersion);
        return ownerSigner.ThresholdSignatureAsync(v, "deposit", root, DepositMessages.Web3SignerBody(message, config.GenesisForkVersion, root), ct);
    }
}
