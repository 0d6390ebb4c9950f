using CsCheck;
using Dvt.Consensus.Primitives;
using Dvt.Qbft.Encoding;
using Dvt.Qbft.Messages;

namespace Dvt.Qbft.Tests;

/// <summary>The decoder faces the network: random and mutated bytes are refused only with its own error; valid messages round-trip.</summary>
public sealed class QbftCodecTests
{
    private static readonly Gen<Sha256Digest> GenDigest = Gen.Byte.Array[32].Where(b => b.Any(x => x != 0)).Select(b => new Sha256Digest(b));

    private static readonly Gen<MessageSignature> GenSignature = Gen.Byte.Array[MessageSignature.Length].Select(b => new MessageSignature(b));

    private static Gen<QbftMessage> GenMessage(Gen<MessageType> types) =>
        Gen.Select(types, GenDigest, Gen.Byte[1, 5], Gen.ULong, Gen.ULong[1, ulong.MaxValue], Gen.UInt[2, uint.MaxValue], GenDigest, Gen.Bool)
            .Select(t =>
            {
                var (type, holders, duty, slot, sender, round, hash, prepared) = t;
                var instance = new InstanceId(holders, (DutyType)duty, new Slot(slot));
                return type == MessageType.RoundChange
                    ? new QbftMessage(type, instance, new OperatorId(sender), round, prepared ? hash : Sha256Digest.Zero, prepared ? round - 1 : 0)
                    : new QbftMessage(type, instance, new OperatorId(sender), round, hash, 0);
            });

    private static readonly Gen<QbftEnvelope> GenEnvelope =
        Gen.Select(GenMessage(Gen.Enum<MessageType>()), GenSignature, Gen.Byte.Array[0, 300], Gen.Int[0, 12])
            .SelectMany(t =>
            {
                var (message, signature, value, count) = t;
                var carries = message.Type is MessageType.PrePrepare or MessageType.Decided || message.IsPrepared;
                var justifying = message.Type switch
                {
                    MessageType.PrePrepare => Gen.Bool.Select(b => b ? MessageType.RoundChange : MessageType.Prepare),
                    MessageType.RoundChange => Gen.Const(MessageType.Prepare),
                    MessageType.Decided => Gen.Const(MessageType.Commit),
                    _ => Gen.Const(MessageType.Prepare),
                };
                var mayJustify = message.Type switch
                {
                    MessageType.PrePrepare => message.Round > 1,
                    MessageType.RoundChange => message.IsPrepared,
                    MessageType.Decided => true,
                    _ => false,
                };
                return Gen.Select(GenMessage(justifying), GenSignature, (m, s) => new SignedMessage(m, s)).List[mayJustify ? count : 0]
                    .Select(j => new QbftEnvelope(new SignedMessage(message, signature), carries ? value : null, j));
            });

    [Fact]
    public void Valid_envelopes_round_trip_to_the_same_bytes()
    {
        GenEnvelope.Sample(envelope =>
        {
            var bytes = QbftCodec.Encode(envelope);
            var decoded = QbftCodec.Decode(bytes);
            Assert.Equal(envelope.Signed, decoded.Signed);
            Assert.Equal(envelope.Justification, decoded.Justification);
            Assert.Equal(envelope.Value, decoded.Value);
            Assert.Equal(bytes, QbftCodec.Encode(decoded));
        }, iter: 3000);
    }

    [Fact]
    public void Random_bytes_are_refused_only_with_the_format_error()
    {
        Gen.Byte.Array[0, 600].Sample(DecodeNeverThrowsOtherwise, iter: 20000);
    }

    [Fact]
    public void Mutated_valid_envelopes_are_refused_only_with_the_format_error_or_decode_canonically()
    {
        Gen.Select(GenEnvelope, Gen.Int[1, 8].SelectMany(k => Gen.Select(Gen.Int, Gen.Byte, Gen.Int[0, 2]).Array[k]))
            .Sample(t =>
            {
                var (envelope, edits) = t;
                var bytes = QbftCodec.Encode(envelope).ToList();
                foreach (var (position, value, kind) in edits)
                {
                    var at = (int)((uint)position % (uint)Math.Max(1, bytes.Count));
                    switch (kind)
                    {
                        case 0 when bytes.Count > 0: bytes[at] = value; break;
                        case 1: bytes.Insert(Math.Min(at, bytes.Count), value); break;
                        case 2 when bytes.Count > 0: bytes.RemoveAt(at); break;
                    }
                }
                DecodeNeverThrowsOtherwise(bytes.ToArray());
            }, iter: 5000);
    }

    [Theory]
    [InlineData(new byte[0], "version")]
    [InlineData(new byte[] { 2 }, "version")]
    [InlineData(new byte[] { 1, 0 }, "message")]
    public void Short_or_foreign_input_names_the_field(byte[] bytes, string field)
    {
        var error = Assert.Throws<QbftMessageFormatException>(() => QbftCodec.Decode(bytes));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void A_prepare_carrying_a_value_and_trailing_bytes_are_refused()
    {
        var message = new QbftMessage(MessageType.Prepare, new InstanceId(Sha256Digest.Of([1]), DutyType.Attester, new Slot(5)),
            new OperatorId(1), 1, Sha256Digest.Of([2]), 0);
        var valid = QbftCodec.Encode(new QbftEnvelope(new SignedMessage(message, new MessageSignature(new byte[MessageSignature.Length])), null, []));
        var withValue = valid[..(1 + QbftCodec.SignedLength)].Concat(new byte[] { 1, 0, 0, 0, 1, 9, 0 }).ToArray();
        Assert.Equal("has_value", Assert.Throws<QbftMessageFormatException>(() => QbftCodec.Decode(withValue)).Field);
        Assert.Equal("message", Assert.Throws<QbftMessageFormatException>(() => QbftCodec.Decode([.. valid, 0])).Field);
    }

    [Fact]
    public void Wire_enum_values_are_pinned()
    {
        Assert.Equal([1, 2, 3, 4, 5], Enum.GetValues<MessageType>().Select(v => (int)v));
        Assert.Equal([1, 2, 3, 4, 5], Enum.GetValues<DutyType>().Select(v => (int)v));
        Assert.Equal("PrePrepare Prepare Commit RoundChange Decided", string.Join(' ', Enum.GetNames<MessageType>()));
        Assert.Equal("Attester Proposer Aggregator SyncCommitteeMessage SyncCommitteeContribution", string.Join(' ', Enum.GetNames<DutyType>()));
    }

    private static void DecodeNeverThrowsOtherwise(byte[] bytes)
    {
        QbftEnvelope decoded;
        try
        {
            decoded = QbftCodec.Decode(bytes);
        }
        catch (QbftMessageFormatException)
        {
            return;
        }
        // Accepted bytes are canonical: one message, one encoding.
        Assert.Equal(bytes, QbftCodec.Encode(decoded));
    }
}
