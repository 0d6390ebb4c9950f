using Dvt.Consensus.Primitives;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.Coordinator.Chain;
using Dvt.Signer.Directory;
using Dvt.Signer.Lifecycle;

namespace Dvt.Coordinator.SignerHosting;

/// <summary>
/// The lifecycle authority of this coordinator's signer: the registry's record of a validator at the follower's
/// confirmed block (the same block every other decision of this coordinator is taken at), read afresh for every
/// lifecycle message. Lifecycle messages are rare, so the read is not cached: a stale cache could allow an exit the
/// chain no longer records, or a deposit already made.
/// </summary>
public sealed class ChainLifecycleAuthority(DvtRegistryContract registry, Func<BlockNumber?> confirmedBlock) : ILifecycleAuthority
{
    public async Task<LifecycleRecord?> RecordAsync(ValidatorSigningSet set, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (confirmedBlock() is not { } block)
            return null;
        var tag = BlockTag.At(block);
        var validator = await registry.GetValidatorAsync(set.ValidatorId, tag, cancellationToken).ConfigureAwait(false);
        var phase = (ValidatorStatus)validator.Status switch
        {
            ValidatorStatus.Requested => LifecyclePhase.AwaitingKey,
            ValidatorStatus.Ready => LifecyclePhase.AwaitingDeposit,
            ValidatorStatus.Deposited => LifecyclePhase.Deposited,
            ValidatorStatus.ExitRequested => LifecyclePhase.ExitRequested,
            ValidatorStatus.Exited => LifecyclePhase.Exited,
            _ => (LifecyclePhase?)null,
        };
        if (phase is null)
            return null;
        var key = await registry.GetValidatorKeyAsync(set.ValidatorId, tag, cancellationToken).ConfigureAwait(false);
        if (key.PublicKey.Length != BlsPublicKeyBytes.ByteLength)
            return null;
        var credentials = validator.WithdrawalCredentials;
        // The registry's feeRecipient: the owner's choice, else the withdrawal address (0x01/0x02), else the owner's address.
        var feeRecipient = await registry.FeeRecipientAsync(set.ValidatorId, tag, cancellationToken).ConfigureAwait(false);
        return new LifecycleRecord(set.ValidatorId, BlsPublicKeyBytes.FromBytes(key.PublicKey), Bytes32.FromBytes(credentials.Bytes), phase.Value,
            ExecutionAddress.FromBytes(feeRecipient.Bytes), block.Value);
    }
}
