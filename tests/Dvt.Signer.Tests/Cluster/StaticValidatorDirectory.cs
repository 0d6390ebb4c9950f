using System.Collections.Concurrent;
using Dvt.Crypto.Bls;
using Dvt.Signer.Directory;

namespace Dvt.Signer.Tests.Cluster;

/// <summary>An in-memory validator directory: the signing sets a coordinator would derive from the registry.</summary>
public sealed class StaticValidatorDirectory : IValidatorDirectory
{
    private readonly ConcurrentDictionary<string, ValidatorSigningSet> _sets = new();

    public void Add(ValidatorSigningSet set) => _sets[Convert.ToHexString(set.PublicKey.Span)] = set;

    public IReadOnlyList<BlsPublicKey> PublicKeys() => _sets.Values.OrderBy(s => s.ValidatorId).Select(s => s.PublicKey).ToList();

    public ValidatorSigningSet? Find(ReadOnlySpan<byte> publicKey)
        => _sets.TryGetValue(Convert.ToHexString(publicKey), out var set) ? set : null;
}
