using CsCheck;
using Dvt.Crypto.Bls;
using Dvt.Crypto.KeyRounds;
using Dvt.Crypto.ShareEncryption;
using Dvt.Crypto.Tests.KeyRounds;

namespace Dvt.Crypto.Tests.Fuzz;

/// <summary>
/// Parsers facing the network get random and mutated bytes: they never crash, they either parse or
/// throw their one typed exception; the receiver's check and the complaint judge always give a verdict.
/// </summary>
public sealed class ParserFuzzTests : IClassFixture<ParserFuzzTests.ValidDeal>
{
    private readonly ValidDeal _valid;

    public ParserFuzzTests(ValidDeal valid) => _valid = valid;

    /// <summary>A 3-of-4 split round and one honest deal, shared by the tests.</summary>
    public sealed class ValidDeal : IDisposable
    {
        public ValidDeal()
        {
            Ops = new Operators(4);
            using var key = BlsSecretKey.Generate();
            Round = KeyRound.Split(Operators.RoundId(), 3, 1, Ops.Participants(Ops.Ids));
            var deal = KeyDealer.Deal(Round, 1, key);
            Commitments = deal.EncodeCommitments();
            EncryptedShares = deal.EncodeEncryptedShares();
            Evidence = ComplaintEvidence.Create(Ops.Key(2), deal.EphemeralKey).Encode();
        }

        internal Operators Ops { get; }

        public KeyRound Round { get; }

        public byte[] Commitments { get; }

        public byte[] EncryptedShares { get; }

        public byte[] Evidence { get; }

        public void Dispose() => Ops.Dispose();
    }

    private static readonly Gen<byte[]> AnyBytes = Gen.Byte.Array[0, 400];

    private static Gen<byte[]> Mutated(byte[] valid) =>
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte, Gen.Int[0, 2], (at, value, how) =>
        {
            var copy = (byte[])valid.Clone();
            switch (how)
            {
                case 0:
                    copy[at] ^= (byte)(value | 1);
                    return copy;
                case 1:
                    return copy[..at];
                default:
                    return [.. copy, value];
            }
        });

    private static void OnlyTyped<TException>(Action parse) where TException : Exception
    {
        try
        {
            parse();
        }
        catch (TException)
        {
        }
    }

    [Fact]
    public void Deal_parser_throws_only_malformed_message_on_random_bytes()
    {
        Gen.Select(AnyBytes, AnyBytes).Sample((c, e) => OnlyTyped<MalformedMessageException>(() => DealPayload.Parse(_valid.Round, c, e)), iter: 2000);
        // Exact lengths, so the point decoders are reached.
        Gen.Select(Gen.Byte.Array[144], Gen.Byte.Array[33 + 240]).Sample((c, e) =>
        {
            e[0] = (byte)(2 + (e[0] & 1));
            OnlyTyped<MalformedMessageException>(() => DealPayload.Parse(_valid.Round, c, e));
        }, iter: 1000);
    }

    [Fact]
    public void Mutated_deals_parse_or_throw_typed_and_the_receiver_always_decides()
    {
        Mutated(_valid.Commitments).Sample(c =>
        {
            OnlyTyped<MalformedMessageException>(() => DealPayload.Parse(_valid.Round, c, _valid.EncryptedShares));
            using var check = ShareReceiver.Check(_valid.Round, 1, c, _valid.EncryptedShares, 2, _valid.Ops.Key(2));
            Assert.False(check.Accepted);
        }, iter: 150);
        Mutated(_valid.EncryptedShares).Sample(e =>
        {
            using var check = ShareReceiver.Check(_valid.Round, 1, _valid.Commitments, e, 2, _valid.Ops.Key(2));
            // Receiver 2 depends on the length, the ephemeral key and its own ciphertext (bytes 93..152) only.
            var touchesMine = e.Length != _valid.EncryptedShares.Length
                || !e.AsSpan(0, 33).SequenceEqual(_valid.EncryptedShares.AsSpan(0, 33))
                || !e.AsSpan(93, 60).SequenceEqual(_valid.EncryptedShares.AsSpan(93, 60));
            Assert.Equal(!touchesMine, check.Accepted);
        }, iter: 150);
    }

    [Fact]
    public void Complaint_judge_always_rules_on_random_and_mutated_evidence()
    {
        Gen.OneOf(AnyBytes, Gen.Byte.Array[ComplaintEvidence.Length], Mutated(_valid.Evidence)).Sample(ev =>
        {
            OnlyTyped<MalformedMessageException>(() => ComplaintEvidence.Parse(ev));
            var verdict = ComplaintJudge.Judge(_valid.Round, 1, _valid.Commitments, _valid.EncryptedShares, 2, ev);
            // The deal is honest, so no evidence whatsoever can blame the dealer.
            Assert.Equal(ComplaintFault.Complainer, verdict.Fault);
        }, iter: 300);
    }

    [Fact]
    public void Ack_and_key_parsers_throw_only_their_typed_exceptions()
    {
        Gen.OneOf(AnyBytes, Gen.Byte.Array[RoundAck.Length]).Sample(b => OnlyTyped<MalformedMessageException>(() => RoundAck.Parse(b)), iter: 1000);
        Gen.OneOf(AnyBytes, Gen.Byte.Array[48]).Sample(b =>
        {
            OnlyTyped<BlsEncodingException>(() => BlsPublicKey.Decode(b));
            OnlyTyped<BlsEncodingException>(() => G1Point.Decode(b));
        }, iter: 1000);
        Gen.OneOf(AnyBytes, Gen.Byte.Array[96]).Sample(b => OnlyTyped<BlsEncodingException>(() => BlsSignature.Decode(b)), iter: 1000);
        Gen.OneOf(AnyBytes, Gen.Byte.Array[33]).Sample(b => OnlyTyped<FormatException>(() => ShareEncryptionPublicKey.Decode(b)), iter: 1000);
        Gen.OneOf(AnyBytes, Gen.Byte.Array[64]).Sample(b => OnlyTyped<FormatException>(() => DleqProof.Parse(b)), iter: 1000);
        Gen.Byte.Array[0, 200].Sample(b => OnlyTyped<MalformedMessageException>(() => FeldmanCommitment.Parse(b, 3)), iter: 1000);
    }

    [Fact]
    public void Valid_messages_round_trip_through_their_parsers()
    {
        var deal = DealPayload.Parse(_valid.Round, _valid.Commitments, _valid.EncryptedShares);
        Assert.Equal(_valid.Commitments, deal.EncodeCommitments());
        Assert.Equal(_valid.EncryptedShares, deal.EncodeEncryptedShares());
        Assert.Equal(_valid.Evidence, ComplaintEvidence.Parse(_valid.Evidence).Encode());
        var e = Assert.Throws<MalformedMessageException>(() => DealPayload.Parse(_valid.Round, _valid.Commitments, _valid.EncryptedShares[..^1]));
        Assert.Equal("encryptedShares", e.Field);
        Assert.Contains("expected 33 + 60 x 4 = 273 bytes, got 272", e.Message);
    }
}
