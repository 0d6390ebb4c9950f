using System.Collections.Concurrent;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Directory;

namespace Dvt.Signer.Tests.Cluster;

/// <summary>One operator's shares and full keys, held in memory (a coordinator loads them from keystores).</summary>
public class InMemorySigningKeys : ISigningKeys
{
    private readonly ConcurrentDictionary<ulong, SecretShare> _shares = new();
    private readonly ConcurrentDictionary<ulong, BlsSecretKey> _fullKeys = new();

    public void AddShare(ulong validatorId, SecretShare share) => _shares[validatorId] = share;

    public void AddFullKey(ulong validatorId, BlsSecretKey key) => _fullKeys[validatorId] = key;

    public virtual SecretShare? Share(ulong validatorId) => _shares.TryGetValue(validatorId, out var share) ? share : null;

    public BlsSecretKey? FullKey(ulong validatorId) => _fullKeys.TryGetValue(validatorId, out var key) ? key : null;
}
