using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing.Web3Signer;
using Dvt.Coordinator.Chain;
using Dvt.Coordinator.Configuration;
using Dvt.Coordinator.SignerHosting;
using Dvt.Signer.Signing;
using Microsoft.Extensions.Logging;

namespace Dvt.Coordinator.Stages;

/// <summary>
/// The owner's own requests (deposit, voluntary exit) through the signer's threshold path: partials from t holders over
/// the peer API, combined and verified, with the same checks as a validator client's request.
/// </summary>
public sealed class OwnerMessageSigner(CoordinatorConfig config, ChainSigningDirectory directory, ValidatorSigner signer, ILogger logger)
{
    /// <summary>
    /// A request through the signer's threshold path only (never the recovery key); the signature only when it came
    /// from t holders' partials and verifies under the validator key, else null (solo validator, or too few partials:
    /// the caller retries on a later pass, e.g. when holders did not list the new key yet).
    /// </summary>
    public async Task<byte[]?> ThresholdSignatureAsync(ValidatorView v, string duty, Root root, byte[] body, CancellationToken ct)
    {
        if (v.Kind != ValidatorKind.Dvt || directory.ByValidatorId(v.ValidatorId) is not { IsSolo: false } set)
            return null;
        var request = SignRequestParser.Parse(body, config.Preset);
        var outcome = await signer.ThresholdOnlyAsync(set, request, root, body, ct).ConfigureAwait(false);
        if (outcome is SignOutcome.Approved { Path: SigningPath.Threshold } approved && set.PublicKey.Verify(root.AsSpan(), approved.Signature))
        {
            logger.LogInformation("validator {Validator}: {Duty} signed through the threshold path", v.ValidatorId, duty);
            return approved.Signature.ToBytes();
        }
        logger.LogInformation("validator {Validator}: threshold {Duty} signature not obtained ({Outcome})", v.ValidatorId, duty, outcome);
        return null;
    }
}
