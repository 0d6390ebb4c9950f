using System.Collections.Concurrent;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing.Web3Signer;
using Dvt.SlashingProtection;
using BlsPublicKey = Dvt.Crypto.Bls.BlsPublicKey;

namespace Dvt.Signer.Signing;

/// <summary>
/// This signer's slashing protection, asked before every signature it makes: a threshold partial or a full signature,
/// both keyed by the validator's public key, so one history covers every path and every share this operator ever held. Blocks and attestations are checked
/// and recorded in one transaction; the other request types are not slashable and pass. A request for another
/// chain than the store's (fork_info.genesis_validators_root) is refused, whatever its type.
/// </summary>
public sealed class SlashingGuard(ISlashingProtectionStore store)
{
    private readonly ConcurrentDictionary<ValidatorPublicKeyBytes, Task> _registered = new();

    public ISlashingProtectionStore Store { get; } = store ?? throw new ArgumentNullException(nameof(store));

    public async Task<SlashingVerdict> CheckAndRecordAsync(
        BlsPublicKey signingKey, SignRequest request, Root signingRoot, CancellationToken cancellationToken)
    {
        if (request.ForkInfo is { } forkInfo && !forkInfo.GenesisValidatorsRoot.AsSpan().SequenceEqual(Store.GenesisValidatorsRoot.AsSpan()))
        {
            return new SlashingVerdict.Refused(
                $"fork_info.genesis_validators_root {forkInfo.GenesisValidatorsRoot} is not the chain of this signer's slashing protection database ({Store.GenesisValidatorsRoot})");
        }

        SigningDecision decision;
        switch (request)
        {
            case BlockRequest block:
            {
                var key = await RegisteredAsync(signingKey, cancellationToken);
                decision = await Store.CheckAndInsertBlockAsync(
                    key, block.Header.Slot, new SigningRoot(signingRoot.AsSpan()), cancellationToken);
                break;
            }
            case AttestationRequest attestation:
            {
                var key = await RegisteredAsync(signingKey, cancellationToken);
                decision = await Store.CheckAndInsertAttestationAsync(
                    key,
                    attestation.Attestation.Source.Epoch,
                    attestation.Attestation.Target.Epoch,
                    new SigningRoot(signingRoot.AsSpan()),
                    cancellationToken);
                break;
            }
            default:
                return SlashingVerdict.Allowed;
        }
        return decision.IsSafe ? SlashingVerdict.Allowed : new SlashingVerdict.Refused($"{Describe(decision)} (key {signingKey})");
    }

    /// <summary>Registers a key with the store the first time this process signs with it (registration is idempotent).</summary>
    private async Task<ValidatorPublicKeyBytes> RegisteredAsync(BlsPublicKey signingKey, CancellationToken cancellationToken)
    {
        var key = new ValidatorPublicKeyBytes(signingKey.Span);
        var registration = _registered.GetOrAdd(key, k => Store.RegisterValidatorsAsync([k], CancellationToken.None));
        try
        {
            await registration.WaitAsync(cancellationToken);
        }
        catch (Exception) when (registration.IsFaulted)
        {
            _registered.TryRemove(new KeyValuePair<ValidatorPublicKeyBytes, Task>(key, registration));
            throw;
        }
        return key;
    }

    private static string Describe(SigningDecision decision) => decision switch
    {
        SigningDecision.DoubleProposal d => $"double proposal: a different block is recorded at that slot: {d.Existing}",
        SigningDecision.DoubleVote d => $"double vote: a different attestation is recorded with the same target: {d.Existing}",
        SigningDecision.SurroundingVote d => $"surrounding vote: the attestation would surround the recorded {d.Existing}",
        SigningDecision.SurroundedVote d => $"surrounded vote: the recorded {d.Existing} surrounds the attestation",
        SigningDecision.BelowLowWatermark d => $"below the low watermark {d.Kind} = {d.Watermark} (requested {d.Requested})",
        SigningDecision.InvalidSourceAfterTarget d => $"source epoch {d.Source} is after target epoch {d.Target}",
        SigningDecision.UnknownValidator d => $"key {d.PublicKey} is not registered with slashing protection",
        _ => decision.ToString(),
    };
}
