using CsCheck;
using Dvt.ContractBindings.Abi;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Rpc;
using Nethereum.ABI;

namespace Dvt.ContractBindings.Tests;

/// <summary>
/// The generated in-place event decoders (the follower's hot path) against Nethereum's event DTO decode: the same
/// typed record for every well-formed log, and only <see cref="AbiDecodingException"/> for a broken one.
/// </summary>
public sealed class EventWordDecodingTests
{
    private static readonly Gen<byte[]> AnyBytes = Gen.Byte.Array[0, 200];

    private static Hash32 Topic(ulong value)
    {
        var word = new byte[32];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(word.AsSpan(24), value);
        return new Hash32(word);
    }

    private static LogEntry Log(Hash32 topic0, Hash32[] indexed, byte[] data) =>
        new(Address.Zero, [topic0, .. indexed], data, new BlockNumber(7), Hash32.Zero, Hash32.Zero, 0, 3, false);

    private static byte[] Encode(params ABIValue[] values) => new ABIEncode().GetABIEncoded(values);

    private static string Text(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static readonly Gen<LogEntry> AckedLogs = Gen.Select(Gen.ULong, Gen.UInt, Gen.ULong, AnyBytes, Gen.Byte.Array[32],
        (v, r, o, key, hash) => Log(DvtRegistryContract.AckedEvent.Topic0, [Topic(v), Topic(r), Topic(o)],
            Encode(new ABIValue("bytes", key), new ABIValue("bytes32", hash))));

    private static readonly Gen<LogEntry> DealLogs = Gen.Select(Gen.ULong, Gen.UInt, Gen.ULong, AnyBytes, AnyBytes,
        (v, r, d, commitments, shares) => Log(DvtRegistryContract.DealSubmittedEvent.Topic0, [Topic(v), Topic(r), Topic(d)],
            Encode(new ABIValue("bytes", commitments), new ABIValue("bytes", shares))));

    private static readonly Gen<LogEntry> JudgedLogs = Gen.Select(Gen.ULong, Gen.UInt, Gen.ULong, Gen.Bool,
        (v, r, j, fault) => Log(DvtRegistryContract.ComplaintJudgedEvent.Topic0, [Topic(v), Topic(r), Topic(j)], Encode(new ABIValue("bool", fault))));

    private static readonly Gen<LogEntry> FeeRecipientLogs = Gen.Select(Gen.ULong, Gen.Byte.Array[20],
        (v, recipient) => Log(DvtRegistryContract.FeeRecipientSetEvent.Topic0, [Topic(v)],
            Encode(new ABIValue("address", "0x" + Convert.ToHexStringLower(recipient)))));

    private static string Acked(DvtRegistryContract.AckedEvent e) => $"{e.ValidatorId}/{e.Round}/{e.OperatorId}/{Text(e.GroupPublicKey)}/{e.PublicSharesHash}";

    private static string Deal(DvtRegistryContract.DealSubmittedEvent e) => $"{e.ValidatorId}/{e.Round}/{e.DealerId}/{Text(e.Commitments)}/{Text(e.EncryptedShares)}";

    private static string Judged(DvtRegistryContract.ComplaintJudgedEvent e) => $"{e.ValidatorId}/{e.Round}/{e.JudgeId}/{e.DealerAtFault}";

    private static string Fee(DvtRegistryContract.FeeRecipientSetEvent e) => $"{e.ValidatorId}/{e.FeeRecipient}";

    [Fact]
    public void Well_formed_logs_decode_as_Nethereum_decodes_them()
    {
        AckedLogs.Sample(log => Acked(DvtRegistryContract.AckedEvent.Decode(log)) == Acked(DvtRegistryContract.AckedEvent.DecodeWithDto(log)));
        DealLogs.Sample(log => Deal(DvtRegistryContract.DealSubmittedEvent.Decode(log)) == Deal(DvtRegistryContract.DealSubmittedEvent.DecodeWithDto(log)));
        JudgedLogs.Sample(log => Judged(DvtRegistryContract.ComplaintJudgedEvent.Decode(log)) == Judged(DvtRegistryContract.ComplaintJudgedEvent.DecodeWithDto(log)));
        FeeRecipientLogs.Sample(log => Fee(DvtRegistryContract.FeeRecipientSetEvent.Decode(log)) == Fee(DvtRegistryContract.FeeRecipientSetEvent.DecodeWithDto(log)));
    }

    /// <summary>Iterations of each mutation property: every byte position of short logs is hit many times over.</summary>
    private const long MutationIterations = 20_000;

    /// <summary>
    /// Any byte of the data or of a topic changed, bytes cut from or added to the end of the data: the in-place
    /// decoder either refuses the log with <see cref="AbiDecodingException"/> (never another exception), or Nethereum's
    /// DTO decode accepts it too and gives exactly the same record. The converse does not hold, on purpose: Nethereum
    /// accepts some non-canonical encodings (an offset pointing elsewhere, bytes in the padding, trailing bytes) that
    /// the in-place decoder refuses, because no canonical encoder writes them.
    /// </summary>
    private static void RefusedOrAgrees<T>(Gen<LogEntry> logs, Func<LogEntry, T> decode, Func<LogEntry, T> decodeWithDto, Func<T, string> text)
    {
        Gen.Select(logs, Gen.Int[0, 10_000], Gen.Byte[1, 255], Gen.Int[0, 3]).Sample((log, at, flip, how) =>
        {
            var data = log.Data.ToArray();
            var topics = log.Topics.ToArray();
            switch (how)
            {
                case 0 when data.Length > 0:
                    data[at % data.Length] ^= flip;
                    break;
                case 1 when topics.Length > 1:
                    var which = 1 + at % (topics.Length - 1);
                    var t = topics[which].ToArray();
                    t[at % 32] ^= flip;
                    topics[which] = new Hash32(t);
                    break;
                case 2 when data.Length > 0:
                    data = data[..(at % data.Length)];
                    break;
                default:
                    data = [.. data, .. new byte[1 + at % 40]];
                    data[^1] = flip;
                    break;
            }
            var broken = log with { Topics = topics, Data = data };
            string ours;
            try
            {
                ours = text(decode(broken));
            }
            catch (AbiDecodingException)
            {
                return;
            }
            Assert.Equal(ours, text(decodeWithDto(broken)));
        }, iter: MutationIterations);
    }

    [Fact]
    public void Mutated_logs_are_refused_or_decode_exactly_as_Nethereum_decodes_them()
    {
        RefusedOrAgrees(DealLogs, DvtRegistryContract.DealSubmittedEvent.Decode, DvtRegistryContract.DealSubmittedEvent.DecodeWithDto, Deal);
        RefusedOrAgrees(AckedLogs, DvtRegistryContract.AckedEvent.Decode, DvtRegistryContract.AckedEvent.DecodeWithDto, Acked);
        RefusedOrAgrees(JudgedLogs, DvtRegistryContract.ComplaintJudgedEvent.Decode, DvtRegistryContract.ComplaintJudgedEvent.DecodeWithDto, Judged);
        RefusedOrAgrees(FeeRecipientLogs, DvtRegistryContract.FeeRecipientSetEvent.Decode, DvtRegistryContract.FeeRecipientSetEvent.DecodeWithDto, Fee);
    }

    [Fact]
    public void Non_canonical_encodings_are_refused()
    {
        var data = Encode(new ABIValue("bytes", new byte[] { 1, 2, 3 }), new ABIValue("bytes", new byte[] { 4 }));
        // Canonical: offsets 64 and 128 (64 + 32 + 32), lengths at 64 and 128, contents padded with zeros to 32 bytes.
        Assert.Equal(64, data[31]);
        Assert.Equal(128, data[63]);
        var secondOffsetElsewhere = data.ToArray();
        secondOffsetElsewhere[63] = 64; // both fields point at the first one's bytes
        var dirtyPadding = data.ToArray();
        dirtyPadding[96 + 3] = 9; // just after the first field's three bytes
        var trailing = (byte[])[.. data, .. new byte[32]];
        var firstOffsetAfterAGap = (byte[])[.. data[..31], 96, .. data[32..63], 160, .. new byte[32], .. data[64..]];
        var cases = new (string Name, byte[] Data, string Message)[]
        {
            ("second offset elsewhere", secondOffsetElsewhere, "canonical"),
            ("dirty padding", dirtyPadding, "padding"),
            ("trailing bytes", trailing, "canonical encoding has 192"),
            ("gap before the first field", firstOffsetAfterAGap, "canonical"),
        };
        foreach (var (name, broken, message) in cases)
        {
            var log = Log(DvtRegistryContract.DealSubmittedEvent.Topic0, [Topic(1), Topic(1), Topic(2)], broken);
            var refusal = Assert.Throws<AbiDecodingException>(() => DvtRegistryContract.DealSubmittedEvent.Decode(log));
            Assert.True(refusal.Message.Contains(message, StringComparison.Ordinal), $"{name}: {refusal.Message}");
        }
        // Nethereum reads some of these (which is why the property above is one-way).
        var gap = Log(DvtRegistryContract.DealSubmittedEvent.Topic0, [Topic(1), Topic(1), Topic(2)], firstOffsetAfterAGap);
        Assert.Equal("1/1/2/010203/04", Deal(DvtRegistryContract.DealSubmittedEvent.DecodeWithDto(gap)));
    }

    [Fact]
    public void Values_wider_than_their_type_are_refused()
    {
        var wide = new byte[32];
        wide[23] = 1; // 2^64 in a uint64 topic
        var log = Log(DvtRegistryContract.AckedEvent.Topic0, [new Hash32(wide), Topic(1), Topic(2)], Encode(new ABIValue("bytes", new byte[48]), new ABIValue("bytes32", new byte[32])));
        Assert.Contains("uint64", Assert.Throws<AbiDecodingException>(() => DvtRegistryContract.AckedEvent.Decode(log)).Message);
        Assert.Throws<AbiDecodingException>(() => DvtRegistryContract.AckedEvent.DecodeWithDto(log));

        var roundTooWide = Log(DvtRegistryContract.AckedEvent.Topic0, [Topic(1), Topic(1UL << 32), Topic(2)], log.Data);
        Assert.Contains("uint32", Assert.Throws<AbiDecodingException>(() => DvtRegistryContract.AckedEvent.Decode(roundTooWide)).Message);

        var badBool = Encode(new ABIValue("bool", true));
        badBool[31] = 2;
        var judged = Log(DvtRegistryContract.ComplaintJudgedEvent.Topic0, [Topic(1), Topic(1), Topic(2)], badBool);
        Assert.Contains("0 or 1", Assert.Throws<AbiDecodingException>(() => DvtRegistryContract.ComplaintJudgedEvent.Decode(judged)).Message);
    }

    [Fact]
    public void Offsets_and_lengths_outside_the_data_are_refused()
    {
        var data = Encode(new ABIValue("bytes", new byte[] { 1, 2, 3 }), new ABIValue("bytes", new byte[] { 4 }));
        var lengthPastEnd = data.ToArray();
        lengthPastEnd[64 + 31] = 0xff; // first bytes' length
        var offsetPastEnd = data.ToArray();
        offsetPastEnd[31] = 0xf0; // first bytes' offset
        foreach (var broken in new[] { lengthPastEnd, offsetPastEnd, data[..40] })
        {
            var log = Log(DvtRegistryContract.DealSubmittedEvent.Topic0, [Topic(1), Topic(1), Topic(2)], broken);
            Assert.Throws<AbiDecodingException>(() => DvtRegistryContract.DealSubmittedEvent.Decode(log));
        }
    }

    [Fact]
    public void Wrong_topic_counts_are_refused()
    {
        var log = Log(DvtRegistryContract.AckedEvent.Topic0, [Topic(1), Topic(2)], Encode(new ABIValue("bytes", new byte[1]), new ABIValue("bytes32", new byte[32])));
        Assert.Contains("expected 4 topics", Assert.Throws<AbiDecodingException>(() => DvtRegistryContract.AckedEvent.Decode(log)).Message);
    }
}
