using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;

namespace Dvt.Signer.Tests.Cluster;

/// <summary>
/// A deliberately faulty holder's keys: for every validator it answers with a random key under its real share
/// index, so its partial signatures parse and carry the right index but never verify against its public share.
/// </summary>
public sealed class CorruptShareSigningKeys : InMemorySigningKeys
{
    private readonly Dictionary<ulong, SecretShare> _corrupt = new();

    public override SecretShare? Share(ulong validatorId)
    {
        var real = base.Share(validatorId);
        if (real is null)
            return null;
        lock (_corrupt)
        {
            if (!_corrupt.TryGetValue(validatorId, out var corrupt))
                _corrupt[validatorId] = corrupt = new SecretShare(real.Index, BlsSecretKey.Generate());
            return corrupt;
        }
    }
}
