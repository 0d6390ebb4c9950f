using Dvt.Consensus.Primitives;
using Dvt.Qbft.Encoding;
using Dvt.Qbft.Engine;
using Dvt.Qbft.Messages;
using Dvt.Qbft.Tests.Simulation;

namespace Dvt.Qbft.Tests;

public sealed class QbftEngineTests
{
    [Theory]
    [InlineData(1, 0, 1)]
    [InlineData(3, 0, 2)]
    [InlineData(4, 1, 3)]
    [InlineData(5, 1, 4)]
    [InlineData(6, 1, 4)]
    [InlineData(7, 2, 5)]
    [InlineData(10, 3, 7)]
    [InlineData(13, 4, 9)]
    public void Quorum_is_ceil_of_n_plus_f_plus_one_over_two(int n, int f, int quorum)
    {
        var holders = new HolderSet(Enumerable.Range(1, n).Select(i => new OperatorId((ulong)i)));
        Assert.Equal(f, holders.Faults);
        Assert.Equal(quorum, holders.Quorum);
    }

    [Fact]
    public void Leaders_rotate_with_round_and_slot_and_every_holder_leads()
    {
        var holders = new HolderSet([new(9), new(3), new(5), new(7)]);
        var instance = new InstanceId(holders.Id, DutyType.Attester, new Slot(100));
        var leaders = Enumerable.Range(1, 4).Select(r => holders.LeaderOf(instance, (uint)r)).ToArray();
        Assert.Equal(4, leaders.Distinct().Count());
        Assert.NotEqual(holders.LeaderOf(instance, 1), holders.LeaderOf(instance with { Slot = new Slot(101) }, 1));
    }

    [Fact]
    public void A_holder_set_refuses_duplicates_and_its_id_depends_on_members()
    {
        Assert.Throws<ArgumentException>(() => new HolderSet([new(1), new(1)]));
        Assert.NotEqual(new HolderSet([new(1), new(2), new(3), new(4)]).Id, new HolderSet([new(1), new(2), new(3), new(5)]).Id);
        Assert.Equal(new HolderSet([new(4), new(2), new(3), new(1)]).Id, new HolderSet([new(1), new(2), new(3), new(4)]).Id);
    }

    [Fact]
    public void Signatures_verify_only_against_the_registered_operator_and_in_low_s_form()
    {
        using var cluster = new TestCluster(4);
        var digest = Sha256Digest.Of([1, 2, 3]);
        var signature = cluster.SignerOf(new OperatorId(1)).Sign(digest);
        Assert.True(cluster.Verifier.IsSignedBy(new OperatorId(1), digest, signature));
        Assert.True(cluster.Verifier.IsSignedBy(new OperatorId(1), digest, signature)); // cached key path
        Assert.False(cluster.Verifier.IsSignedBy(new OperatorId(2), digest, signature));
        Assert.False(cluster.Verifier.IsSignedBy(new OperatorId(9), digest, signature));
        Assert.False(cluster.Verifier.IsSignedBy(new OperatorId(1), Sha256Digest.Of([1, 2, 4]), signature));
        // The same signature with s' = n - s (high s) is valid ECDSA but refused.
        var s = new System.Numerics.BigInteger(signature.AsSpan().Slice(32, 32), isUnsigned: true, isBigEndian: true);
        var order = System.Numerics.BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337");
        var high = (order - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var bytes = signature.AsSpan().ToArray();
        Array.Clear(bytes, 32, 32);
        high.CopyTo(bytes, 64 - high.Length);
        Assert.False(cluster.Verifier.IsSignedBy(new OperatorId(1), digest, new MessageSignature(bytes)));
        // A verifier that has not seen operator 1 yet recovers its key; an unregistered operator is refused.
        using var unknown = new Dvt.Qbft.RegistryKeys.RegisteredAddressMessageVerifier(_ => null);
        Assert.False(unknown.IsSignedBy(new OperatorId(1), digest, signature));
        bytes = signature.AsSpan().ToArray();
        bytes[5] ^= 1;
        using var fresh = new Dvt.Qbft.RegistryKeys.RegisteredAddressMessageVerifier(op => op.Value == 1 ? cluster.AddressOf(new OperatorId(1)) : null);
        Assert.False(fresh.IsSignedBy(new OperatorId(1), digest, new MessageSignature(bytes)));
        Assert.True(fresh.IsSignedBy(new OperatorId(1), digest, signature));
    }

    [Fact]
    public void A_message_signed_by_another_operator_is_refused_and_not_counted()
    {
        using var cluster = new TestCluster(4);
        var (engine, instance) = Started(cluster, new OperatorId(2));
        var body = new QbftMessage(MessageType.Commit, instance, new OperatorId(3), 1, Sha256Digest.Of([7]), 0);
        var signedByFour = cluster.SignerOf(new OperatorId(4)).Sign(QbftCodec.SigningDigest(body));
        var step = engine.Receive(QbftCodec.Encode(new QbftEnvelope(new SignedMessage(body, signedByFour), null, [])));
        Assert.Equal(RejectionReason.BadSignature, Assert.Single(step.Rejections).Reason);
    }

    [Fact]
    public void Flooding_future_rounds_and_instances_keeps_memory_bounded()
    {
        using var cluster = new TestCluster(4);
        var (engine, instance) = Started(cluster, new OperatorId(2));
        var flooder = cluster.SignerOf(new OperatorId(3));
        var refused = new Dictionary<RejectionReason, int>();
        for (uint round = 1; round < 300; round++)
        {
            foreach (var type in new[] { MessageType.Prepare, MessageType.Commit, MessageType.RoundChange })
            {
                var body = new QbftMessage(type, instance, flooder.Operator, round + 1,
                    type == MessageType.RoundChange ? Sha256Digest.Zero : Sha256Digest.Of(BitConverter.GetBytes(round)), 0);
                var step = engine.Receive(new QbftEnvelope(new SignedMessage(body, flooder.Sign(QbftCodec.SigningDigest(body))), null, []));
                foreach (var r in step.Rejections)
                    refused[r.Reason] = refused.GetValueOrDefault(r.Reason) + 1;
            }
            // Instances of far slots and of many near ones.
            var other = instance with { Slot = new Slot(instance.Slot.Value + round) };
            var probe = new QbftMessage(MessageType.Prepare, other, flooder.Operator, 1, Sha256Digest.Of([1]), 0);
            engine.Receive(new QbftEnvelope(new SignedMessage(probe, flooder.Sign(QbftCodec.SigningDigest(probe))), null, []));
        }
        Assert.True(engine.StoredMessageCount < 400, $"{engine.StoredMessageCount} messages held");
        Assert.True(engine.InstanceCount <= 65, $"{engine.InstanceCount} instances held");
        Assert.True(refused.GetValueOrDefault(RejectionReason.RoundOutOfWindow) > 500, string.Join(", ", refused));
        engine.PruneBefore(new Slot(instance.Slot.Value + 1000));
        Assert.Equal(0, engine.InstanceCount);
        var late = new QbftMessage(MessageType.Prepare, instance, flooder.Operator, 1, Sha256Digest.Of([1]), 0);
        var lateStep = engine.Receive(new QbftEnvelope(new SignedMessage(late, flooder.Sign(QbftCodec.SigningDigest(late))), null, []));
        Assert.Equal(RejectionReason.InstanceOutOfWindow, Assert.Single(lateStep.Rejections).Reason);
    }

    [Fact]
    public void Malformed_bytes_become_a_rejection()
    {
        using var cluster = new TestCluster(4);
        var (engine, _) = Started(cluster, new OperatorId(1));
        Assert.Equal(RejectionReason.Malformed, Assert.Single(engine.Receive([1, 2, 3]).Rejections).Reason);
    }

    private static (QbftEngine Engine, InstanceId Instance) Started(TestCluster cluster, OperatorId self)
    {
        var instance = new InstanceId(cluster.Holders.Id, DutyType.Attester, new Slot(500));
        var engine = new QbftEngine(cluster.SignerOf(self), cluster.Verifier, new PrefixValueValidator(), cluster, new SimulatedClock(), new QbftOptions());
        engine.PruneBefore(instance.Slot);
        engine.Start(instance, PrefixValueValidator.ValueFor(instance, "self"));
        return (engine, instance);
    }
}
