using Dvt.Crypto.ShareEncryption;

namespace Dvt.Crypto.KeyRounds;

/// <summary>
/// Rules on a complaint from public data only (the deal's calldata, the complainer's registered key,
/// the evidence): it trusts neither the dealer nor the complainer.
/// </summary>
public static class ComplaintJudge
{
    public static ComplaintVerdict Judge(KeyRound round, ulong dealerOperatorId, ReadOnlySpan<byte> commitments, ReadOnlySpan<byte> encryptedShares,
        ulong complainerOperatorId, ReadOnlySpan<byte> evidence)
    {
        if (!round.IsDealer(dealerOperatorId))
            throw new ArgumentException($"operator {dealerOperatorId} is not a dealer of {round.Id}", nameof(dealerOperatorId));
        DealPayload deal;
        try
        {
            deal = DealPayload.Parse(round, commitments, encryptedShares);
        }
        catch (MalformedMessageException e)
        {
            return new ComplaintVerdict(ComplaintFault.Dealer, $"the deal of operator {dealerOperatorId} is malformed: {e.Message}");
        }

        var expected = round.ExpectedConstant(dealerOperatorId);
        if (expected is not null && !deal.Commitments.Constant.Equals(expected))
            return new ComplaintVerdict(ComplaintFault.Dealer, $"operator {dealerOperatorId}'s constant commitment is not its old public share");

        // A DKG owner may also be a receiver; a complaint then covers both things it received from the dealer.
        var indices = new List<int>();
        ShareEncryptionPublicKey? complainerKey = null;
        if (round.Receivers.Any(r => r.OperatorId == complainerOperatorId))
        {
            var index = round.IndexOf(complainerOperatorId);
            indices.Add(index.Value);
            complainerKey = round.Receiver(index).EncryptionKey;
        }
        if (round.EscrowRecipient is { } owner && owner.OperatorId == complainerOperatorId)
        {
            indices.Add(0);
            complainerKey ??= owner.EncryptionKey;
        }
        if (complainerKey is null)
            return new ComplaintVerdict(ComplaintFault.Complainer, $"operator {complainerOperatorId} receives nothing in {round.Id}");

        ComplaintEvidence parsed;
        try
        {
            parsed = ComplaintEvidence.Parse(evidence);
        }
        catch (MalformedMessageException e)
        {
            return new ComplaintVerdict(ComplaintFault.Complainer, $"operator {complainerOperatorId}'s evidence is malformed: {e.Message}");
        }
        if (!parsed.Proof.Verify(complainerKey.Point, deal.EphemeralKey.Point, parsed.EcdhPointValue))
            return new ComplaintVerdict(ComplaintFault.Complainer, $"operator {complainerOperatorId}'s DLEQ proof does not show its ECDH point was made with its registered key");

        foreach (var index in indices)
        {
            var (fault, problem) = ShareOpening.Open(round, dealerOperatorId, deal, index, parsed.EcdhPointValue, out _);
            if (fault is not null)
                return new ComplaintVerdict(ComplaintFault.Dealer, problem);
        }
        return new ComplaintVerdict(ComplaintFault.Complainer,
            $"what operator {complainerOperatorId} received from operator {dealerOperatorId} decrypts and matches the commitments");
    }
}
