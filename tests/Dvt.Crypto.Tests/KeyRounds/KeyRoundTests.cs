using System.Text;
using Dvt.Crypto.Bls;
using Dvt.Crypto.KeyRounds;
using Dvt.Crypto.Threshold;

namespace Dvt.Crypto.Tests.KeyRounds;

public sealed class KeyRoundTests
{
    private static readonly byte[] Message = Encoding.ASCII.GetBytes("voluntary exit");

    /// <summary>Every receiver checks every deal, combines its share and acks; returns the shares and the common outcome.</summary>
    private static (KeyRoundOutcome Outcome, List<SecretShare> Shares) Complete(KeyRound round, Operators ops, IReadOnlyDictionary<ulong, DealPayload> deals)
    {
        var outcome = KeyRoundOutcome.Compute(round, deals.ToDictionary(d => d.Key, d => d.Value.Commitments));
        var shares = new List<SecretShare>();
        foreach (var receiver in round.Receivers)
        {
            var received = new Dictionary<ulong, Scalar>();
            foreach (var (dealer, deal) in deals)
            {
                // Through the wire form, as a receiver reads it from calldata.
                using var check = ShareReceiver.Check(round, dealer, deal.EncodeCommitments(), deal.EncodeEncryptedShares(), receiver.OperatorId, ops.Key(receiver.OperatorId));
                Assert.True(check.Accepted, check.Problem);
                received[dealer] = check.Share;
            }
            // Each receiver computes the outcome on its own; all must agree on what they ack.
            var own = KeyRoundOutcome.Compute(round, deals.ToDictionary(d => d.Key, d => DealPayload.Parse(round, d.Value.EncodeCommitments(), d.Value.EncodeEncryptedShares()).Commitments));
            Assert.Equal(outcome.Ack, own.Ack);
            shares.Add(own.CombineShare(receiver.OperatorId, received));
        }
        return (outcome, shares);
    }

    private static BlsSignature SignWith(IEnumerable<SecretShare> shares, int t)
        => ThresholdSigning.Combine(shares.Select(s => s.Sign(Message)).ToList(), t);

    [Theory]
    [InlineData(3, 4)]
    [InlineData(5, 7)]
    public void Split_round_shares_the_owners_key(int t, int n)
    {
        using var ops = new Operators(n);
        using var validatorKey = BlsSecretKey.Generate();
        var round = KeyRound.Split(Operators.RoundId(), t, ops.Ids[0], ops.Participants(ops.Ids));
        var deal = KeyDealer.Deal(round, ops.Ids[0], validatorKey);
        Assert.Equal(round.CommitmentsLength, deal.EncodeCommitments().Length);
        Assert.Equal(round.EncryptedSharesLength, deal.EncodeEncryptedShares().Length);
        var (outcome, shares) = Complete(round, ops, new Dictionary<ulong, DealPayload> { [ops.Ids[0]] = deal });
        Assert.Equal(validatorKey.PublicKey, outcome.GroupPublicKey);
        Assert.Equal(validatorKey.Sign(Message), SignWith(shares.Skip(n - t), t));
        Assert.Equal(shares.Select(s => s.PublicShare), outcome.PublicShares);
    }

    [Fact]
    public void Dkg_group_key_is_the_sum_and_escrow_rebuilds_the_full_key()
    {
        using var ops = new Operators(4);
        using var owner = new Operators(1, firstId: 100);
        var round = KeyRound.Dkg(Operators.RoundId(), 3, owner.Participant(100), ops.Participants(ops.Ids));
        var deals = ops.Ids.ToDictionary(id => id, id => KeyDealer.DealFresh(round, id));
        Assert.All(deals.Values, d => Assert.Equal(33 + 60 * 5, d.EncodeEncryptedShares().Length));
        var (outcome, shares) = Complete(round, ops, deals);
        Assert.Equal(G1Point.Sum(deals.Values.Select(d => d.Commitments.Constant).ToList()), outcome.GroupPublicKey.Point);

        using var full = DkgEscrow.RecoverValidatorKey(round, deals, owner.Key(100));
        Assert.Equal(outcome.GroupPublicKey, full.PublicKey);
        Assert.Equal(full.Sign(Message), SignWith(shares.Take(3), 3));
    }

    [Fact]
    public void Reshare_keeps_the_validator_key_and_old_shares_do_not_mix_with_new()
    {
        using var oldOps = new Operators(4);
        using var validatorKey = BlsSecretKey.Generate();
        var split = KeyRound.Split(Operators.RoundId(1), 3, oldOps.Ids[0], oldOps.Participants(oldOps.Ids));
        var (oldOutcome, oldShares) = Complete(split, oldOps, new Dictionary<ulong, DealPayload> { [oldOps.Ids[0]] = KeyDealer.Deal(split, oldOps.Ids[0], validatorKey) });

        // Operator 4 leaves; operator 5 joins. Old holders 1..3 deal their shares to the new set {1, 2, 3, 5}.
        using var newcomer = new Operators(1, firstId: 5);
        var receivers = oldOps.Participants(oldOps.Ids.Take(3)).Append(newcomer.Participant(5)).ToList();
        var dealers = oldOps.Ids.Take(3).Select(id => new ReshareDealer(id, split.IndexOf(id), oldOutcome.PublicShares[split.IndexOf(id).Value - 1].PublicKey)).ToList();
        var reshare = KeyRound.Reshare(Operators.RoundId(2), 3, validatorKey.PublicKey, dealers, receivers);
        var deals = dealers.ToDictionary(d => d.OperatorId, d => KeyDealer.Deal(reshare, d.OperatorId, oldShares[d.OldIndex.Value - 1].Key));

        using var all = new MergedOperators(oldOps, newcomer);
        var outcome = KeyRoundOutcome.Compute(reshare, deals.ToDictionary(d => d.Key, d => d.Value.Commitments));
        Assert.Equal(validatorKey.PublicKey, outcome.GroupPublicKey);
        var newShares = reshare.Receivers.Select(r =>
        {
            var received = deals.ToDictionary(d => d.Key, d =>
            {
                using var check = ShareReceiver.Check(reshare, d.Key, d.Value, r.OperatorId, all.Key(r.OperatorId));
                Assert.True(check.Accepted, check.Problem);
                return check.Share;
            });
            return outcome.CombineShare(r.OperatorId, received);
        }).ToList();

        var expected = validatorKey.Sign(Message);
        foreach (var subset in Threshold.Subsets.Of(newShares, 3))
            Assert.Equal(expected, SignWith(subset, 3));
        // The polynomial changed: two old partials with one new (at distinct indices) do not give the signature.
        var mixed = new[] { oldShares[0].Sign(Message), oldShares[1].Sign(Message), newShares[3].Sign(Message) };
        Assert.False(validatorKey.PublicKey.Verify(Message, ThresholdSigning.Combine(mixed, 3)));
        Assert.NotEqual(oldOutcome.PublicSharesHash, outcome.PublicSharesHash);
    }

    [Fact]
    public void Reshare_uses_the_t_dealers_with_the_lowest_old_index()
    {
        using var ops = new Operators(4);
        using var validatorKey = BlsSecretKey.Generate();
        var dealers = ops.Ids.Select(id => new ReshareDealer(id, new ShareIndex((int)id), validatorKey.PublicKey)).ToList();
        var round = KeyRound.Reshare(Operators.RoundId(2), 3, validatorKey.PublicKey, dealers, ops.Participants(ops.Ids));
        Assert.Equal([1UL, 2UL, 4UL], round.SelectDealers([4UL, 2UL, 1UL]));
        Assert.Equal([1UL, 2UL, 3UL], round.SelectDealers([4UL, 3UL, 2UL, 1UL]));
        Assert.Throws<InvalidOperationException>(() => round.SelectDealers([4UL, 2UL]));
    }

    [Fact]
    public void Reshare_dealer_must_deal_its_old_share()
    {
        using var ops = new Operators(4);
        using var validatorKey = BlsSecretKey.Generate();
        using var notMyShare = BlsSecretKey.Generate();
        using var oldShare = BlsSecretKey.Generate();
        var dealers = ops.Ids.Select(id => new ReshareDealer(id, new ShareIndex((int)id), oldShare.PublicKey)).ToList();
        var round = KeyRound.Reshare(Operators.RoundId(2), 3, validatorKey.PublicKey, dealers, ops.Participants(ops.Ids));
        var e = Assert.Throws<ArgumentException>(() => KeyDealer.Deal(round, 1, notMyShare));
        Assert.Contains("old public share", e.Message);
    }

    [Fact]
    public void Ack_and_hash_are_deterministic_and_parse_back()
    {
        using var ops = new Operators(4);
        using var key = BlsSecretKey.Generate();
        var round = KeyRound.Split(Operators.RoundId(), 3, 1, ops.Participants(ops.Ids));
        var deal = KeyDealer.Deal(round, 1, key);
        var outcome = KeyRoundOutcome.Compute(round, new Dictionary<ulong, FeldmanCommitment> { [1] = deal.Commitments });
        var encoded = outcome.Ack.Encode();
        Assert.Equal(80, encoded.Length);
        Assert.Equal(key.PublicKey.ToBytes(), encoded[..48]);
        Assert.Equal(outcome.Ack, RoundAck.Parse(encoded));
        var concat = outcome.PublicShares.SelectMany(s => s.PublicKey.ToBytes()).ToArray();
        var keccak = new Org.BouncyCastle.Crypto.Digests.KeccakDigest(256);
        keccak.BlockUpdate(concat, 0, concat.Length);
        var hash = new byte[32];
        keccak.DoFinal(hash, 0);
        Assert.Equal(hash, outcome.PublicSharesHash);
    }

    [Fact]
    public void Keccak_is_keccak256_not_sha3()
    {
        // keccak256("") = c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470
        Assert.Equal("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
            Convert.ToHexStringLower(KeyRoundOutcome.HashPublicShares([])));
    }

    private sealed class MergedOperators(params Operators[] sets) : IDisposable
    {
        public Dvt.Crypto.ShareEncryption.ShareEncryptionKey Key(ulong id) => sets.First(s => s.Ids.Contains(id)).Key(id);

        public void Dispose()
        {
        }
    }
}
