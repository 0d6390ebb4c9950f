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

/// <summary>The owner's deposit of a validator whose key is set: threshold-signed by the holders, else with the owner's full key.</summary>
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
    private readonly ConcurrentDictionary<ulong, int> depositAttempts = new();

    public async Task DepositAsync(ValidatorView v, BlockNumber at, CancellationToken ct)
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
