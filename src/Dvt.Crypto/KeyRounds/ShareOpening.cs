using System.Security.Cryptography;
using Dvt.Crypto.Bls;
using Dvt.Crypto.ShareEncryption;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace Dvt.Crypto.KeyRounds;

/// <summary>
/// Opens and checks the share at one index of a deal given the ECDH point: the same steps for the
/// receiver (who computes the point) and for a third party judging a complaint (who is shown it).
/// </summary>
internal static class ShareOpening
{
    /// <summary>Index 0 is the DKG escrow, for the owner; 1..n are receivers.</summary>
    public static (DealFault? Fault, string Problem) Open(KeyRound round, ulong dealerOperatorId, DealPayload deal, int index, ECPoint ecdhPoint, out Scalar share)
    {
        share = Scalar.Zero;
        var expected = round.ExpectedConstant(dealerOperatorId);
        if (expected is not null && !deal.Commitments.Constant.Equals(expected))
            return (DealFault.WrongConstant, $"dealer {dealerOperatorId}'s constant commitment {deal.Commitments.Constant} is not its old public share {expected}");

        ulong receiverOperatorId;
        ShareCiphertext ciphertext;
        if (index == 0)
        {
            if (round.EscrowRecipient is null || deal.Escrow is null)
                throw new ArgumentException($"{round.Kind} round {round.Id} has no escrow share", nameof(index));
            receiverOperatorId = round.EscrowRecipient.OperatorId;
            ciphertext = deal.Escrow;
        }
        else
        {
            receiverOperatorId = round.Receivers[index - 1].OperatorId;
            ciphertext = deal.Shares[index - 1];
        }

        var ad = round.Id.AssociatedData(dealerOperatorId, receiverOperatorId, (byte)index);
        Span<byte> plaintext = stackalloc byte[ShareCiphertext.BodyLength];
        try
        {
            if (ShareCipher.Decrypt(ecdhPoint, ad, ciphertext, plaintext) != ShareDecryptionStatus.Success)
                return (DealFault.UndecryptableShare, $"the share from dealer {dealerOperatorId} to operator {receiverOperatorId} (index {index}) does not decrypt");
            Scalar value;
            try
            {
                value = Scalar.FromBigEndian(plaintext);
            }
            catch (ArgumentException)
            {
                return (DealFault.NonCanonicalShare, $"the share from dealer {dealerOperatorId} to operator {receiverOperatorId} (index {index}) is not below r");
            }
            if (!deal.Commitments.VerifyShare(index, value))
                return (DealFault.ShareMismatchesCommitments, $"the share from dealer {dealerOperatorId} to operator {receiverOperatorId} (index {index}) does not match the dealer's commitments");
            share = value;
            return (null, "");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
