using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.Coordinator.Chain;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Directory;

namespace Dvt.Coordinator.Stages;

/// <summary>The owner's registry steps for a solo or staged validator: set its key, and promote a staged one once enough operators are active.</summary>
public sealed class SoloKeyStep(DvtRegistryContract registry, RegistryStepSender sender)
{
    /// <summary><c>setSoloPublicKey</c>; the full key is saved before (<see cref="KeyFileStep.FullKeyOf"/>).</summary>
    public Task SetSoloPublicKeyAsync(ValidatorPass pass, BlsSecretKey fullKey, CancellationToken ct)
    {
        var v = pass.Validator;
        return sender.SendOnceAsync(v.ValidatorId, "setSoloPublicKey", 0, pass.At,
            () => registry.SetSoloPublicKeyAsync(v.ValidatorId, fullKey.PublicKey.ToBytes(), ct));
    }

    /// <summary><c>promoteStaged</c> once this operator is active and enough operators are for the validator's mode (staged validators only).</summary>
    public async Task PromoteStagedAsync(ValidatorPass pass, CancellationToken ct)
    {
        var v = pass.Validator;
        if (v.Kind != ValidatorKind.Staged)
            return;
        var me_ = await pass.Chain.OperatorAsync(pass.Me, ct, fresh: true).ConfigureAwait(false);
        var n = ThresholdScheme.For((ValidatorMode)v.Mode).ShareCount;
        var active = (ulong)(await registry.ActiveOperatorCountAsync(pass.Chain.Block, ct).ConfigureAwait(false));
        if (me_.Status == OperatorStatus.Active && active >= (ulong)n)
            await sender.SendOnceAsync(v.ValidatorId, "promoteStaged", 0, pass.At, () => registry.PromoteStagedAsync(v.ValidatorId, ct)).ConfigureAwait(false);
    }
}
