using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;
using Org.BouncyCastle.Crypto.Digests;

namespace Dvt.Crypto.KeyRounds;

/// <summary>
/// What a round yields, computed from the commitments of the deals used alone, so every receiver and
/// any auditor gets the same: the combined commitment sum_i w_i C_i, the group key (its constant),
/// each receiver's public share (its value at the receiver's index), and publicSharesHash.
/// </summary>
public sealed class KeyRoundOutcome
{
    private readonly Scalar[] _weights;

    private KeyRoundOutcome(KeyRound round, IReadOnlyList<ulong> dealersUsed, Scalar[] weights, FeldmanCommitment combined)
    {
        Round = round;
        DealersUsed = dealersUsed;
        _weights = weights;
        Combined = combined;
        GroupPublicKey = BlsPublicKey.FromPoint(combined.Constant);
        PublicShares = Enumerable.Range(1, round.Receivers.Count)
            .Select(j => new PublicShare(new ShareIndex(j), BlsPublicKey.FromPoint(combined.Evaluate(j))))
            .ToArray();
        PublicSharesHash = HashPublicShares(PublicShares);
    }

    public KeyRound Round { get; }

    /// <summary>The dealers whose deals were combined, in the order the round prescribes.</summary>
    public IReadOnlyList<ulong> DealersUsed { get; }

    public FeldmanCommitment Combined { get; }

    public BlsPublicKey GroupPublicKey { get; }

    /// <summary>Receiver order: PublicShares[j-1] belongs to share index j.</summary>
    public IReadOnlyList<PublicShare> PublicShares { get; }

    /// <summary>keccak256 of the n public shares, 48 compressed bytes each, in receiver order.</summary>
    public byte[] PublicSharesHash { get; }

    public RoundAck Ack => new(GroupPublicKey.Bytes, PublicSharesHash);

    /// <summary>
    /// The outcome from the commitments of every dealer who dealt (keyed by dealer operator id); the round
    /// picks which to use. A reshare that would change the validator key is refused.
    /// </summary>
    public static KeyRoundOutcome Compute(KeyRound round, IReadOnlyDictionary<ulong, FeldmanCommitment> commitmentsByDealer)
    {
        var used = round.SelectDealers(commitmentsByDealer.Keys);
        foreach (var dealer in used)
        {
            var c = commitmentsByDealer[dealer];
            if (c.Threshold != round.Threshold)
                throw new ArgumentException($"dealer {dealer} committed to {c.Threshold} coefficients, the round's threshold is {round.Threshold}");
            var expected = round.ExpectedConstant(dealer);
            if (expected is not null && !c.Constant.Equals(expected))
                throw new ArgumentException($"dealer {dealer}'s constant commitment is not its old public share");
        }
        var weights = round.DealerWeights(used);
        var combined = FeldmanCommitment.WeightedSum(used.Select(d => commitmentsByDealer[d]).ToList(), weights);
        var outcome = new KeyRoundOutcome(round, used, weights, combined);
        if (round.ValidatorKey is not null && !outcome.GroupPublicKey.Equals(round.ValidatorKey))
            throw new InvalidOperationException($"reshare {round.Id} yields key {outcome.GroupPublicKey}, not the validator's {round.ValidatorKey}");
        return outcome;
    }

    /// <summary>
    /// A receiver's final share: sum over the dealers used of w_i * s_ij, checked against its public share.
    /// <paramref name="sharesByDealer"/> holds the receiver's accepted shares (from <see cref="DealCheck.Share"/>).
    /// </summary>
    public SecretShare CombineShare(ulong receiverOperatorId, IReadOnlyDictionary<ulong, Scalar> sharesByDealer)
    {
        var index = Round.IndexOf(receiverOperatorId);
        var sum = Scalar.Zero;
        for (var i = 0; i < DealersUsed.Count; i++)
        {
            if (!sharesByDealer.TryGetValue(DealersUsed[i], out var s))
                throw new ArgumentException($"no share from dealer {DealersUsed[i]}, whose deal the round uses", nameof(sharesByDealer));
            sum += _weights[i] * s;
        }
        var key = BlsSecretKey.FromScalar(sum);
        sum = Scalar.Zero;
        if (!key.PublicKey.Equals(PublicShares[index.Value - 1].PublicKey))
        {
            key.Dispose();
            throw new InvalidOperationException($"the combined share of operator {receiverOperatorId} ({index}) does not match its public share");
        }
        return new SecretShare(index, key);
    }

    public static byte[] HashPublicShares(IReadOnlyList<PublicShare> publicShares)
    {
        var keccak = new KeccakDigest(256);
        foreach (var share in publicShares)
        {
            var bytes = share.PublicKey.ToBytes();
            keccak.BlockUpdate(bytes, 0, bytes.Length);
        }
        var hash = new byte[32];
        keccak.DoFinal(hash, 0);
        return hash;
    }
}
