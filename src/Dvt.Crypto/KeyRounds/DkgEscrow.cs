using Dvt.Crypto.Bls;
using Dvt.Crypto.ShareEncryption;

namespace Dvt.Crypto.KeyRounds;

/// <summary>
/// The owner's side of a DKG: each dealer escrowed its constant term a_i0 to the owner's key; the owner
/// decrypts each, checks g1^{a_i0} against that dealer's C_0, and rebuilds the validator key sum a_i0.
/// </summary>
public static class DkgEscrow
{
    public static BlsSecretKey RecoverValidatorKey(KeyRound round, IReadOnlyDictionary<ulong, DealPayload> dealsByDealer, ShareEncryptionKey ownerKey)
    {
        if (round.Kind != RoundKind.Dkg || round.EscrowRecipient is null)
            throw new InvalidOperationException($"only a DKG escrows keys; this is a {round.Kind}");
        if (!ownerKey.PublicKey.Equals(round.EscrowRecipient.EncryptionKey))
            throw new ArgumentException("the key given is not the owner's registered share-encryption key", nameof(ownerKey));
        var sum = Scalar.Zero;
        foreach (var dealer in round.SelectDealers(dealsByDealer.Keys))
        {
            var deal = dealsByDealer[dealer];
            var (fault, problem) = ShareOpening.Open(round, dealer, deal, 0, ownerKey.Multiply(deal.EphemeralKey.Point), out var constant);
            if (fault is not null)
                throw new InvalidOperationException($"escrow of dealer {dealer} is bad ({fault}): {problem}");
            sum += constant;
        }
        var key = BlsSecretKey.FromScalar(sum);
        sum = Scalar.Zero;
        var expected = KeyRoundOutcome.Compute(round, dealsByDealer.ToDictionary(d => d.Key, d => d.Value.Commitments)).GroupPublicKey;
        if (!key.PublicKey.Equals(expected))
        {
            key.Dispose();
            throw new InvalidOperationException($"the escrowed constants sum to a key other than the group key {expected}");
        }
        return key;
    }
}
