using Dvt.Crypto.Bls;
using Dvt.Crypto.KeyRounds;
using Dvt.Crypto.ShareEncryption;

namespace Dvt.Crypto.Tests.KeyRounds;

/// <summary>The deal's wire form is exactly what the protocol fixes, read back by offsets, not by our parser.</summary>
public sealed class DealPayloadLayoutTests
{
    [Fact]
    public void Dkg_deal_bytes_follow_the_protocol_layout()
    {
        using var ops = new Operators(4);
        using var owner = new Operators(1, firstId: 100);
        var round = KeyRound.Dkg(Operators.RoundId(round: 3, validator: 9), 3, owner.Participant(100), ops.Participants(ops.Ids));
        var deal = KeyDealer.DealFresh(round, 2);
        var commitments = deal.EncodeCommitments();
        var encrypted = deal.EncodeEncryptedShares();

        Assert.Equal(48 * 3, commitments.Length);
        var points = Enumerable.Range(0, 3).Select(k => G1Point.Decode(commitments.AsSpan(48 * k, 48))).ToList();
        Assert.Equal(33 + 60 * 4 + 60, encrypted.Length);
        var e = ShareEncryptionPublicKey.Decode(encrypted.AsSpan(0, 33));

        var plaintext = new byte[32];
        for (var j = 0; j <= 4; j++)
        {
            // Receivers in order at 33 + 60 (j - 1); the escrow (index 0) last.
            var offset = j == 0 ? 33 + 60 * 4 : 33 + 60 * (j - 1);
            var receiver = j == 0 ? 100UL : ops.Ids[j - 1];
            var key = j == 0 ? owner.Key(100) : ops.Key(receiver);
            var ad = ShareAssociatedData.Build(31337, Enumerable.Range(1, 20).Select(i => (byte)i).ToArray(), 9, 3, 2, receiver, (byte)j);
            var ct = new ShareCiphertext(encrypted.AsSpan(offset, 60));
            Assert.Equal(ShareDecryptionStatus.Success, ShareCipher.Decrypt(key, e, ad, ct, plaintext));
            // g1^{f(j)} = sum_k C_k j^k, computed here without FeldmanCommitment.
            var share = Scalar.FromBigEndian(plaintext);
            var expected = G1Point.Identity;
            var power = Scalar.One;
            foreach (var c in points)
            {
                expected = expected.Add(c.Multiply(power));
                power *= Scalar.FromUInt64((ulong)j);
            }
            Assert.Equal(expected, G1Point.MultiplyGenerator(share));
        }
    }
}
