using System.Reflection;
using Dvt.Crypto.KeyRounds;
using Dvt.Crypto.ShareEncryption;

namespace Dvt.Crypto.Tests.ShareEncryption;

public sealed class ShareCipherTests
{
    private static readonly byte[] Registry = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
    private static readonly byte[] Plain = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();

    private static byte[] Ad(ulong chain = 31337, byte[]? registry = null, ulong validator = 7, uint round = 1, ulong dealer = 1, ulong receiver = 2, byte index = 2)
        => ShareAssociatedData.Build(chain, registry ?? Registry, validator, round, dealer, receiver, index);

    [Fact]
    public void Associated_data_layout_is_pinned()
    {
        var ad = Ad(chain: 0x0102030405060708, validator: 0x1112131415161718, round: 0x21222324, dealer: 0x3132333435363738, receiver: 0x4142434445464748, index: 0x51);
        Assert.Equal(
            Convert.ToHexStringLower("dvt/share/v1"u8) + "0102030405060708" + Convert.ToHexStringLower(Registry) + "1112131415161718"
            + "21222324" + "3132333435363738" + "4142434445464748" + "51",
            Convert.ToHexStringLower(ad));
    }

    [Fact]
    public void Round_trip_and_any_other_context_fails_to_decrypt()
    {
        using var receiver = ShareEncryptionKey.Generate();
        using var ephemeral = ShareEncryptionKey.Generate();
        var ct = ShareCipher.Encrypt(ephemeral, receiver.PublicKey, Ad(), Plain);
        Assert.Equal(60, ct.ToBytes().Length);
        var output = new byte[32];
        Assert.Equal(ShareDecryptionStatus.Success, ShareCipher.Decrypt(receiver, ephemeral.PublicKey, Ad(), ct, output));
        Assert.Equal(Plain, output);

        var otherRegistry = (byte[])Registry.Clone();
        otherRegistry[19] ^= 1;
        var replays = new[]
        {
            Ad(chain: 1), Ad(registry: otherRegistry), Ad(validator: 8), Ad(round: 2), Ad(dealer: 3), Ad(receiver: 3), Ad(index: 3),
        };
        foreach (var ad in replays)
            Assert.Equal(ShareDecryptionStatus.AuthenticationFailed, ShareCipher.Decrypt(receiver, ephemeral.PublicKey, ad, ct, output));
        Assert.All(output, b => Assert.Equal(0, b));

        using var someoneElse = ShareEncryptionKey.Generate();
        Assert.Equal(ShareDecryptionStatus.AuthenticationFailed, ShareCipher.Decrypt(someoneElse, ephemeral.PublicKey, Ad(), ct, output));
    }

    [Fact]
    public void A_deal_replayed_for_another_validator_or_round_is_rejected_by_the_receiver()
    {
        using var a = ShareEncryptionKey.Generate();
        using var b = ShareEncryptionKey.Generate();
        using var c = ShareEncryptionKey.Generate();
        using var d = ShareEncryptionKey.Generate();
        var receivers = new[] { a, b, c, d }.Select((k, i) => new RoundParticipant((ulong)i + 1, k.PublicKey)).ToList();
        using var key = Dvt.Crypto.Bls.BlsSecretKey.Generate();
        var round1 = KeyRound.Split(new RoundId(31337, Registry, 7, 1), 3, 1, receivers);
        var deal = KeyDealer.Deal(round1, 1, key);
        foreach (var other in new[] { new RoundId(31337, Registry, 7, 2), new RoundId(31337, Registry, 8, 1), new RoundId(1, Registry, 7, 1) })
        {
            var replayed = KeyRound.Split(other, 3, 1, receivers);
            using var check = ShareReceiver.Check(replayed, 1, deal.EncodeCommitments(), deal.EncodeEncryptedShares(), 2, b);
            Assert.Equal(DealFault.UndecryptableShare, check.Fault);
        }
        // Receivers swapped in order: receiver 2's ciphertext is bound to index 2 and operator 2.
        var swapped = KeyRound.Split(new RoundId(31337, Registry, 7, 1), 3, 1, [receivers[1], receivers[0], receivers[2], receivers[3]]);
        using var swappedCheck = ShareReceiver.Check(swapped, 1, deal.EncodeCommitments(), deal.EncodeEncryptedShares(), 2, b);
        Assert.Equal(DealFault.UndecryptableShare, swappedCheck.Fault);
    }

    [Fact]
    public void Dleq_proof_verifies_only_for_the_right_key_and_point()
    {
        using var key = ShareEncryptionKey.Generate();
        using var e = ShareEncryptionKey.Generate();
        using var other = ShareEncryptionKey.Generate();
        var evidence = ComplaintEvidence.Create(key, e.PublicKey);
        Assert.True(evidence.Proof.Verify(key.PublicKey.Point, e.PublicKey.Point, evidence.EcdhPointValue));
        Assert.False(evidence.Proof.Verify(other.PublicKey.Point, e.PublicKey.Point, evidence.EcdhPointValue));
        Assert.False(evidence.Proof.Verify(key.PublicKey.Point, other.PublicKey.Point, evidence.EcdhPointValue));
        var parsed = ComplaintEvidence.Parse(evidence.Encode());
        Assert.Equal(evidence.Encode(), parsed.Encode());
        Assert.True(parsed.Proof.Verify(key.PublicKey.Point, e.PublicKey.Point, parsed.EcdhPointValue));
        // The ECDH point is what the receiver derives its AES key from.
        Assert.Equal(key.Multiply(e.PublicKey.Point), parsed.EcdhPointValue);
    }

    [Fact]
    public void Share_encryption_key_is_zeroed_on_dispose_and_never_printed()
    {
        var key = ShareEncryptionKey.Generate();
        var buffer = (byte[])typeof(ShareEncryptionKey).GetField("_secret", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(key)!;
        Assert.Contains(buffer, b => b != 0);
        Assert.DoesNotContain(Convert.ToHexStringLower(buffer[..4]), key.ToString());
        var copy = new byte[32];
        key.WriteBytes(copy);
        using (var again = ShareEncryptionKey.FromBytes(copy))
            Assert.Equal(key.PublicKey, again.PublicKey);
        key.Dispose();
        Assert.All(buffer, b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => key.PublicKey);
        Assert.Throws<ArgumentException>(() => ShareEncryptionKey.FromBytes(new byte[32]));
    }

    [Fact]
    public void Public_key_decoding_refuses_bad_points()
    {
        using var key = ShareEncryptionKey.Generate();
        Assert.Equal(key.PublicKey, ShareEncryptionPublicKey.Decode(key.PublicKey.ToBytes()));
        var bad = key.PublicKey.ToBytes();
        bad[0] = 0x04;
        Assert.Throws<FormatException>(() => ShareEncryptionPublicKey.Decode(bad));
        Assert.Throws<FormatException>(() => ShareEncryptionPublicKey.Decode(new byte[33]));
        // x = 2^256 - 1 is above the field prime.
        var xTooBig = Enumerable.Repeat((byte)0xff, 33).ToArray();
        xTooBig[0] = 0x02;
        Assert.Throws<FormatException>(() => ShareEncryptionPublicKey.Decode(xTooBig));
    }
}
