using Dvt.Consensus.Primitives;
using Dvt.Crypto.Bls;
using Dvt.Crypto.KeyRounds;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Directory;

namespace Dvt.Signer.Tests.Cluster;

/// <summary>A validator key split t-of-n among operators (Dvt.Crypto's secret polynomial), or kept whole for a solo validator.</summary>
public sealed record DealtValidator(ulong Id, BlsSecretKey Key, IReadOnlyList<SecretShare> Shares, ValidatorSigningSet Set)
{
    public static DealtValidator Split(ulong id, ThresholdScheme scheme, IReadOnlyList<OperatorId> holders, OperatorId owner)
    {
        if (holders.Count != scheme.ShareCount)
            throw new ArgumentException($"{scheme} needs {scheme.ShareCount} holders, got {holders.Count}", nameof(holders));
        var key = BlsSecretKey.Generate();
        using var polynomial = new SecretPolynomial(key.ToScalar(), scheme.Threshold);
        var shares = holders.Select((_, i) => new SecretShare(new ShareIndex(i + 1), BlsSecretKey.FromScalar(polynomial.Evaluate(i + 1)))).ToList();
        var set = new ValidatorSigningSet(id, key.PublicKey, owner, scheme,
            holders.Select((op, i) => new ShareHolder(op, shares[i].PublicShare)).ToList());
        return new DealtValidator(id, key, shares, set);
    }

    public static DealtValidator Solo(ulong id, OperatorId owner)
    {
        var key = BlsSecretKey.Generate();
        return new DealtValidator(id, key, [], new ValidatorSigningSet(id, key.PublicKey, owner, null, []));
    }
}
