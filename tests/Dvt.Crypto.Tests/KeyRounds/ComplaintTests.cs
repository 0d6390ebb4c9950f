using Dvt.Crypto.Bls;
using Dvt.Crypto.KeyRounds;
using Dvt.Crypto.ShareEncryption;

namespace Dvt.Crypto.Tests.KeyRounds;

public sealed class ComplaintTests
{
    private sealed record Setup(Operators Ops, KeyRound Round, BlsSecretKey ValidatorKey) : IDisposable
    {
        public void Dispose()
        {
            Ops.Dispose();
            ValidatorKey.Dispose();
        }
    }

    private static Setup SplitRound()
    {
        var ops = new Operators(4);
        var round = KeyRound.Split(Operators.RoundId(), 3, ops.Ids[0], ops.Participants(ops.Ids));
        return new Setup(ops, round, BlsSecretKey.Generate());
    }

    [Fact]
    public void Dishonest_dealers_bad_share_yields_a_complaint_a_third_party_rules_against_the_dealer()
    {
        using var s = SplitRound();
        // The dealer sends receiver #3 a share off by one; the commitments are honest.
        var deal = KeyDealer.Deal(s.Round, 1, s.ValidatorKey.ToScalar(), (index, share) => index == 3 ? share + Scalar.One : share);
        var commitments = deal.EncodeCommitments();
        var encrypted = deal.EncodeEncryptedShares();

        using var victim = ShareReceiver.Check(s.Round, 1, commitments, encrypted, 3, s.Ops.Key(3));
        Assert.False(victim.Accepted);
        Assert.Equal(DealFault.ShareMismatchesCommitments, victim.Fault);
        using var other = ShareReceiver.Check(s.Round, 1, commitments, encrypted, 2, s.Ops.Key(2));
        Assert.True(other.Accepted);

        // The judge sees only public data: the calldata, the round (registered keys) and the evidence bytes.
        var verdict = ComplaintJudge.Judge(s.Round, 1, commitments, encrypted, 3, victim.Complaint!.Encode());
        Assert.Equal(ComplaintFault.Dealer, verdict.Fault);
        Assert.Contains("does not match the dealer's commitments", verdict.Reason);
    }

    [Fact]
    public void Undecryptable_share_is_the_dealers_fault()
    {
        using var s = SplitRound();
        var deal = KeyDealer.Deal(s.Round, 1, s.ValidatorKey);
        var encrypted = deal.EncodeEncryptedShares();
        encrypted[33 + 60 * 1 + 20] ^= 0x01; // corrupt receiver #2's ciphertext body
        using var check = ShareReceiver.Check(s.Round, 1, deal.EncodeCommitments(), encrypted, 2, s.Ops.Key(2));
        Assert.Equal(DealFault.UndecryptableShare, check.Fault);
        var verdict = ComplaintJudge.Judge(s.Round, 1, deal.EncodeCommitments(), encrypted, 2, check.Complaint!.Encode());
        Assert.Equal(ComplaintFault.Dealer, verdict.Fault);
    }

    [Fact]
    public void False_complaint_against_an_honest_dealer_is_the_complainers_fault()
    {
        using var s = SplitRound();
        var deal = KeyDealer.Deal(s.Round, 1, s.ValidatorKey);
        // A receiver with a good share complains anyway, with truthful evidence.
        var evidence = ComplaintEvidence.Create(s.Ops.Key(2), deal.EphemeralKey).Encode();
        var verdict = ComplaintJudge.Judge(s.Round, 1, deal.EncodeCommitments(), deal.EncodeEncryptedShares(), 2, evidence);
        Assert.Equal(ComplaintFault.Complainer, verdict.Fault);
        Assert.Contains("matches the commitments", verdict.Reason);
    }

    [Fact]
    public void Forged_evidence_is_the_complainers_fault()
    {
        using var s = SplitRound();
        var deal = KeyDealer.Deal(s.Round, 1, s.ValidatorKey);
        using var notMine = ShareEncryptionKey.Generate();
        // An ECDH point made with some other key (so the share "fails to decrypt"), with a proof for that key.
        var forged = ComplaintEvidence.Create(notMine, deal.EphemeralKey).Encode();
        var verdict = ComplaintJudge.Judge(s.Round, 1, deal.EncodeCommitments(), deal.EncodeEncryptedShares(), 2, forged);
        Assert.Equal(ComplaintFault.Complainer, verdict.Fault);
        Assert.Contains("DLEQ", verdict.Reason);

        // Receiver #3's genuine evidence presented by receiver #2.
        var stolen = ComplaintEvidence.Create(s.Ops.Key(3), deal.EphemeralKey).Encode();
        Assert.Equal(ComplaintFault.Complainer, ComplaintJudge.Judge(s.Round, 1, deal.EncodeCommitments(), deal.EncodeEncryptedShares(), 2, stolen).Fault);

        // Truncated evidence and a non-receiver complaining.
        Assert.Equal(ComplaintFault.Complainer, ComplaintJudge.Judge(s.Round, 1, deal.EncodeCommitments(), deal.EncodeEncryptedShares(), 2, forged[..96]).Fault);
        Assert.Equal(ComplaintFault.Complainer, ComplaintJudge.Judge(s.Round, 1, deal.EncodeCommitments(), deal.EncodeEncryptedShares(), 99, forged).Fault);
    }

    [Fact]
    public void Malformed_deal_is_the_dealers_fault_whatever_the_evidence()
    {
        using var s = SplitRound();
        var deal = KeyDealer.Deal(s.Round, 1, s.ValidatorKey);
        var commitments = deal.EncodeCommitments();
        commitments[50] ^= 0xff; // second commitment no longer a G1 point (or a different one)
        using var check = ShareReceiver.Check(s.Round, 1, commitments, deal.EncodeEncryptedShares(), 2, s.Ops.Key(2));
        Assert.False(check.Accepted);
        var verdict = ComplaintJudge.Judge(s.Round, 1, commitments, deal.EncodeEncryptedShares(), 2, check.Complaint!.Encode());
        Assert.Equal(ComplaintFault.Dealer, verdict.Fault);

        var shortShares = deal.EncodeEncryptedShares()[..^1];
        using var check2 = ShareReceiver.Check(s.Round, 1, deal.EncodeCommitments(), shortShares, 2, s.Ops.Key(2));
        Assert.Equal(DealFault.MalformedDeal, check2.Fault);
        Assert.Equal(ComplaintFault.Dealer, ComplaintJudge.Judge(s.Round, 1, deal.EncodeCommitments(), shortShares, 2, ComplaintEvidence.Placeholder.Encode()).Fault);
    }

    [Fact]
    public void Reshare_dealer_with_a_wrong_constant_is_at_fault()
    {
        using var ops = new Operators(4);
        using var validatorKey = BlsSecretKey.Generate();
        using var oldShare = BlsSecretKey.Generate();
        using var otherSecret = BlsSecretKey.Generate();
        var dealers = ops.Ids.Select(id => new ReshareDealer(id, new Dvt.Crypto.Threshold.ShareIndex((int)id), oldShare.PublicKey)).ToList();
        var round = KeyRound.Reshare(Operators.RoundId(2), 3, validatorKey.PublicKey, dealers, ops.Participants(ops.Ids));
        // Bypass the dealer's own check: a cheating dealer deals some other secret.
        var deal = KeyDealer.Deal(KeyRound.Split(round.Id, 3, 1, round.Receivers), 1, otherSecret);
        using var check = ShareReceiver.Check(round, 1, deal.EncodeCommitments(), deal.EncodeEncryptedShares(), 2, ops.Key(2));
        Assert.Equal(DealFault.WrongConstant, check.Fault);
        Assert.Equal(ComplaintFault.Dealer, ComplaintJudge.Judge(round, 1, deal.EncodeCommitments(), deal.EncodeEncryptedShares(), 2, check.Complaint!.Encode()).Fault);
    }

    [Fact]
    public void Bad_escrow_is_caught_by_the_owner_and_ruled_against_the_dealer()
    {
        using var ops = new Operators(4);
        using var owner = new Operators(1, firstId: 100);
        var round = KeyRound.Dkg(Operators.RoundId(), 3, owner.Participant(100), ops.Participants(ops.Ids));
        var deals = ops.Ids.ToDictionary(id => id, id => id == 2
            ? KeyDealer.Deal(round, id, Scalar.RandomNonZero(), (index, share) => index == 0 ? share + Scalar.One : share)
            : KeyDealer.DealFresh(round, id));
        var e = Assert.Throws<InvalidOperationException>(() => DkgEscrow.RecoverValidatorKey(round, deals, owner.Key(100)));
        Assert.Contains("dealer 2", e.Message);
        var evidence = ComplaintEvidence.Create(owner.Key(100), deals[2].EphemeralKey).Encode();
        Assert.Equal(ComplaintFault.Dealer, ComplaintJudge.Judge(round, 2, deals[2].EncodeCommitments(), deals[2].EncodeEncryptedShares(), 100, evidence).Fault);
        Assert.Equal(ComplaintFault.Complainer, ComplaintJudge.Judge(round, 1, deals[1].EncodeCommitments(), deals[1].EncodeEncryptedShares(), 100,
            ComplaintEvidence.Create(owner.Key(100), deals[1].EphemeralKey).Encode()).Fault);
    }
    [Fact]
    public void The_owner_receiving_a_share_rejects_a_bad_escrow_before_it_acks_and_its_complaint_convicts_the_dealer()
    {
        // As the registry runs a DKG: the owner is one of the receivers and also the escrow recipient.
        using var ops = new Operators(4);
        var ownerId = ops.Ids[0];
        var round = KeyRound.Dkg(Operators.RoundId(), 3, ops.Participant(ownerId), ops.Participants(ops.Ids));
        var bad = KeyDealer.Deal(round, 2, Scalar.RandomNonZero(), (index, share) => index == 0 ? share + Scalar.One : share);
        var honest = KeyDealer.DealFresh(round, 3);

        using var ownerCheck = ShareReceiver.Check(round, 2, bad.EncodeCommitments(), bad.EncodeEncryptedShares(), ownerId, ops.Key(ownerId));
        Assert.False(ownerCheck.Accepted);
        Assert.Equal(DealFault.ShareMismatchesCommitments, ownerCheck.Fault);
        Assert.StartsWith("escrow: ", ownerCheck.Problem);
        Assert.Throws<InvalidOperationException>(() => ownerCheck.Share);
        var verdict = ComplaintJudge.Judge(round, 2, bad.EncodeCommitments(), bad.EncodeEncryptedShares(), ownerId, ownerCheck.Complaint!.Encode());
        Assert.Equal(ComplaintFault.Dealer, verdict.Fault);
        Assert.Contains("index 0", verdict.Reason);

        // Another receiver's share of the same deal is fine: only the owner can complain about the escrow.
        using var otherCheck = ShareReceiver.Check(round, 2, bad.EncodeCommitments(), bad.EncodeEncryptedShares(), ops.Ids[1], ops.Key(ops.Ids[1]));
        Assert.True(otherCheck.Accepted);
        // An honest dealer's deal passes the owner's check, and a complaint about it convicts the complainer.
        using var honestCheck = ShareReceiver.Check(round, 3, honest.EncodeCommitments(), honest.EncodeEncryptedShares(), ownerId, ops.Key(ownerId));
        Assert.True(honestCheck.Accepted);
        Assert.Equal(ComplaintFault.Complainer, ComplaintJudge.Judge(round, 3, honest.EncodeCommitments(), honest.EncodeEncryptedShares(), ownerId,
            ComplaintEvidence.Create(ops.Key(ownerId), honest.EphemeralKey).Encode()).Fault);
    }
}
