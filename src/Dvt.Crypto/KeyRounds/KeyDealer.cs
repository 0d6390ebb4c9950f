using System.Security.Cryptography;
using Dvt.Crypto.Bls;
using Dvt.Crypto.ShareEncryption;

namespace Dvt.Crypto.KeyRounds;

/// <summary>
/// A dealer's side of a round: a polynomial with the right constant term, its Feldman commitments,
/// and each receiver's share encrypted under a fresh ephemeral key with associated data binding it
/// to (chain, registry, validator, round, dealer, receiver, index).
/// </summary>
public static class KeyDealer
{
    /// <summary>
    /// Deals with constant term <paramref name="constant"/>: the validator key for a split, the dealer's
    /// old share for a reshare. For a DKG use <see cref="DealFresh"/>.
    /// </summary>
    public static DealPayload Deal(KeyRound round, ulong dealerOperatorId, BlsSecretKey constant)
        => Deal(round, dealerOperatorId, constant.ToScalar(), tamper: null);

    /// <summary>DKG: deals a fresh random constant term (escrowed to the owner).</summary>
    public static DealPayload DealFresh(KeyRound round, ulong dealerOperatorId)
    {
        if (round.Kind != RoundKind.Dkg)
            throw new InvalidOperationException($"a fresh constant term is only dealt in a DKG, not a {round.Kind}");
        return Deal(round, dealerOperatorId, Scalar.RandomNonZero(), tamper: null);
    }

    /// <summary>
    /// The dealing itself. <paramref name="tamper"/> lets tests play a dishonest dealer: it may replace the
    /// plaintext share sent to an index (0 = escrow) after the commitments are fixed.
    /// </summary>
    internal static DealPayload Deal(KeyRound round, ulong dealerOperatorId, Scalar constant, Func<int, Scalar, Scalar>? tamper)
    {
        if (!round.IsDealer(dealerOperatorId))
            throw new ArgumentException($"operator {dealerOperatorId} is not a dealer of {round}", nameof(dealerOperatorId));
        var expected = round.ExpectedConstant(dealerOperatorId);
        if (expected is not null && !G1Point.MultiplyGenerator(constant).Equals(expected))
            throw new ArgumentException($"operator {dealerOperatorId}'s share does not match its old public share {expected}", nameof(constant));

        using var polynomial = new SecretPolynomial(constant, round.Threshold);
        using var ephemeral = ShareEncryptionKey.Generate();
        var commitments = polynomial.Commit();
        var plaintext = GC.AllocateArray<byte>(Scalar.Length, pinned: true);
        try
        {
            var shares = new ShareCiphertext[round.Receivers.Count];
            for (var i = 0; i < shares.Length; i++)
            {
                var receiver = round.Receivers[i];
                var index = i + 1;
                var share = polynomial.Evaluate(index);
                if (tamper is not null)
                    share = tamper(index, share);
                share.WriteBigEndian(plaintext);
                shares[i] = ShareCipher.Encrypt(ephemeral, receiver.EncryptionKey,
                    round.Id.AssociatedData(dealerOperatorId, receiver.OperatorId, (byte)index), plaintext);
            }
            ShareCiphertext? escrow = null;
            if (round.EscrowRecipient is { } owner)
            {
                var share = tamper is null ? polynomial.Constant : tamper(0, polynomial.Constant);
                share.WriteBigEndian(plaintext);
                escrow = ShareCipher.Encrypt(ephemeral, owner.EncryptionKey, round.Id.AssociatedData(dealerOperatorId, owner.OperatorId, 0), plaintext);
            }
            return new DealPayload(commitments, ephemeral.PublicKey, shares, escrow);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
