using Dvt.Consensus.Signing.Web3Signer;
using Dvt.Signer.Directory;

namespace Dvt.Signer.Duties;

/// <summary>
/// The gate of a signer that runs no duty consensus: a coordinator without a beacon node (the devnet, which has no
/// beacon chain, and an operator who signs only lifecycle messages), and the signer's own library tests. With it, a
/// holder's partial depends on slashing protection and the lifecycle rules alone, as before duty consensus existed.
/// </summary>
public sealed class NoDutyConsensus : IDutyDataGate
{
    public static readonly NoDutyConsensus Instance = new();

    private NoDutyConsensus()
    {
    }

    public Task<DutyDataVerdict> CheckAsync(ValidatorSigningSet set, SignRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(DutyDataVerdict.Allowed);
}
