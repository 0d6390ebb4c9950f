using Dvt.Crypto.Bls;
using Dvt.Crypto.KeyRounds;
using Dvt.Crypto.ShareEncryption;

namespace Dvt.Crypto.Tests.KeyRounds;

public sealed class KeyRoundValidationTests
{
    [Fact]
    public void Rounds_refuse_duplicate_receivers_and_bad_thresholds()
    {
        using var ops = new Operators(4);
        var receivers = ops.Participants(ops.Ids);
        Assert.Throws<ArgumentException>(() => KeyRound.Split(Operators.RoundId(), 3, 1, [.. receivers, receivers[0]]));
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyRound.Split(Operators.RoundId(), 5, 1, receivers));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RoundId(1, new byte[20], 1, 0));
        Assert.Throws<ArgumentException>(() => new RoundId(1, new byte[19], 1, 1));
    }

    [Fact]
    public void Dkg_needs_every_dealer_and_names_the_missing_one()
    {
        using var ops = new Operators(4);
        using var owner = new Operators(1, firstId: 100);
        var round = KeyRound.Dkg(Operators.RoundId(), 3, owner.Participant(100), ops.Participants(ops.Ids));
        var e = Assert.Throws<InvalidOperationException>(() => round.SelectDealers([1UL, 2UL, 4UL]));
        Assert.Contains("missing operator(s) 3", e.Message);
        Assert.Throws<ArgumentException>(() => round.SelectDealers([1UL, 2UL, 3UL, 4UL, 9UL]));
        Assert.Throws<InvalidOperationException>(() => KeyDealer.DealFresh(KeyRound.Split(Operators.RoundId(), 3, 1, round.Receivers), 1));
    }

    [Fact]
    public void Receiver_check_refuses_a_key_that_is_not_the_registered_one_and_non_members()
    {
        using var ops = new Operators(4);
        using var key = BlsSecretKey.Generate();
        var round = KeyRound.Split(Operators.RoundId(), 3, 1, ops.Participants(ops.Ids));
        var deal = KeyDealer.Deal(round, 1, key);
        using var stranger = ShareEncryptionKey.Generate();
        Assert.Throws<ArgumentException>(() => ShareReceiver.Check(round, 1, deal, 2, stranger));
        Assert.Throws<ArgumentException>(() => ShareReceiver.Check(round, 1, deal, 42, stranger));
        Assert.Throws<ArgumentException>(() => ShareReceiver.Check(round, 2, deal, 2, ops.Key(2)));
        Assert.Throws<ArgumentException>(() => KeyDealer.Deal(round, 2, key));
    }

    [Fact]
    public void Outcome_refuses_a_combined_share_that_does_not_match_its_public_share()
    {
        using var ops = new Operators(4);
        using var key = BlsSecretKey.Generate();
        var round = KeyRound.Split(Operators.RoundId(), 3, 1, ops.Participants(ops.Ids));
        var deal = KeyDealer.Deal(round, 1, key);
        var outcome = KeyRoundOutcome.Compute(round, new Dictionary<ulong, FeldmanCommitment> { [1] = deal.Commitments });
        var e = Assert.Throws<InvalidOperationException>(() => outcome.CombineShare(2, new Dictionary<ulong, Scalar> { [1] = Scalar.FromUInt64(5) }));
        Assert.Contains("operator 2", e.Message);
        Assert.Throws<ArgumentException>(() => outcome.CombineShare(2, new Dictionary<ulong, Scalar>()));
    }
}
