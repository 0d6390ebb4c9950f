using Dvt.Crypto.Bls;

namespace Dvt.Signer.Directory;

/// <summary>
/// The validators this coordinator signs for, kept current by the coordinator from the registry's events.
/// The signer only reads it; it never decides membership itself.
/// </summary>
public interface IValidatorDirectory
{
    /// <summary>The keys served by GET /api/v1/eth2/publicKeys: every ready validator this operator holds a share or the full key of.</summary>
    IReadOnlyList<BlsPublicKey> PublicKeys();

    /// <summary>The signing set of a validator key, or null when this coordinator does not sign for it (HTTP 404).</summary>
    ValidatorSigningSet? Find(ReadOnlySpan<byte> publicKey);
}
