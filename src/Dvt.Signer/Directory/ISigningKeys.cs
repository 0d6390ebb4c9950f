using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;

namespace Dvt.Signer.Directory;

/// <summary>
/// This operator's secret key material, loaded by the coordinator from its encrypted keystores. The returned
/// objects stay owned by the implementation (do not dispose them); they are gone once a share is deleted.
/// </summary>
public interface ISigningKeys
{
    /// <summary>This operator's share of a distributed validator, or null when it holds none.</summary>
    SecretShare? Share(ulong validatorId);

    /// <summary>The full key of a validator this operator owns (the recovery key, or a solo validator's key), or null.</summary>
    BlsSecretKey? FullKey(ulong validatorId);
}
