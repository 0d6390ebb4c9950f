using Dvt.Crypto.Bls;
using Dvt.Crypto.ShareEncryption;

namespace Dvt.Crypto.KeyRounds;

/// <summary>A receiver's handling of a deal: decrypt its share, check it against the commitments, or build a complaint.</summary>
public static class ShareReceiver
{
    /// <summary>Checks a deal as posted on chain (raw calldata fields).</summary>
    public static DealCheck Check(KeyRound round, ulong dealerOperatorId, ReadOnlySpan<byte> commitments, ReadOnlySpan<byte> encryptedShares,
        ulong receiverOperatorId, ShareEncryptionKey receiverKey)
    {
        DealPayload deal;
        try
        {
            deal = DealPayload.Parse(round, commitments, encryptedShares);
        }
        catch (MalformedMessageException e)
        {
            // Anyone sees a malformed deal from the calldata alone; the evidence still proves the complainer's
            // ECDH point when the ephemeral key is readable, and is otherwise all zeros (the judge never reads it).
            return DealCheck.Reject(DealFault.MalformedDeal, $"deal from operator {dealerOperatorId} is malformed: {e.Message}",
                MalformedDealEvidence(encryptedShares, receiverKey));
        }
        return Check(round, dealerOperatorId, deal, receiverOperatorId, receiverKey);
    }

    public static DealCheck Check(KeyRound round, ulong dealerOperatorId, DealPayload deal, ulong receiverOperatorId, ShareEncryptionKey receiverKey)
    {
        if (!round.IsDealer(dealerOperatorId))
            throw new ArgumentException($"operator {dealerOperatorId} is not a dealer of {round.Id}", nameof(dealerOperatorId));
        var index = round.IndexOf(receiverOperatorId);
        if (!receiverKey.PublicKey.Equals(round.Receiver(index).EncryptionKey))
            throw new ArgumentException($"the key given is not operator {receiverOperatorId}'s registered share-encryption key", nameof(receiverKey));
        var ecdh = receiverKey.Multiply(deal.EphemeralKey.Point);
        var (fault, problem) = ShareOpening.Open(round, dealerOperatorId, deal, index.Value, ecdh, out var share);
        if (fault is not null)
            return DealCheck.Reject(fault.Value, problem, ComplaintEvidence.Create(receiverKey, deal.EphemeralKey));
        // The DKG owner also receives the dealer's escrowed constant, under the same ECDH point: a bad escrow is checked
        // here, before the owner acks, so that it gets the same complaint (the judge opens both) instead of stalling the
        // round at the owner's key recovery.
        if (round.EscrowRecipient is { } owner && owner.OperatorId == receiverOperatorId)
        {
            var (escrowFault, escrowProblem) = ShareOpening.Open(round, dealerOperatorId, deal, 0, ecdh, out _);
            if (escrowFault is not null)
            {
                share = Scalar.Zero;
                return DealCheck.Reject(escrowFault.Value, $"escrow: {escrowProblem}", ComplaintEvidence.Create(receiverKey, deal.EphemeralKey));
            }
        }
        return DealCheck.Accept(share);
    }

    private static ComplaintEvidence MalformedDealEvidence(ReadOnlySpan<byte> encryptedShares, ShareEncryptionKey receiverKey)
    {
        if (encryptedShares.Length >= ShareEncryptionPublicKey.Length
            && ShareEncryptionPublicKey.TryDecode(encryptedShares[..ShareEncryptionPublicKey.Length], out var e))
            return ComplaintEvidence.Create(receiverKey, e!);
        // No ephemeral key to prove against: a fixed placeholder (the generator as "point", zero proof).
        return ComplaintEvidence.Placeholder;
    }
}
