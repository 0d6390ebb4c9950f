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
        return new LifecycleRecord(set.ValidatorId, BlsPublicKeyBytes.FromBytes(key.PublicKey), Bytes32.FromBytes(credentials.Bytes), phase.Value,
            FeeRecipientOf(credentials), block.Value);
    }

    /// <summary>
    /// The fee recipient the registry records for a validator. The registry has no per-validator fee recipient yet
    /// (issue "Registry hardening"), so it is the execution address of the withdrawal credentials (0x01 or 0x02);
    /// BLS (0x00) credentials name none. When the registry records one, this is the line to change.
    /// </summary>
    public static ExecutionAddress? FeeRecipientOf(Hash32 withdrawalCredentials)
        => withdrawalCredentials.Bytes[0] is 0x01 or 0x02 ? ExecutionAddress.FromBytes(withdrawalCredentials.Bytes[12..]) : null;
}
