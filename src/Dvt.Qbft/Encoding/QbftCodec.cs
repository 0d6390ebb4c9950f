using System.Buffers.Binary;
using System.Security.Cryptography;
using Dvt.Consensus.Primitives;
using Dvt.Qbft.Messages;

namespace Dvt.Qbft.Encoding;

/// <summary>
/// The one binary form of QBFT messages, big-endian, fixed-size fields, no optional encodings, so every
/// message has exactly one encoding and the signature covers exactly what is decoded.
/// <code>
/// envelope      = version(1) signed has_value(1) [value_length(4) value] justification_count(1) signed*
/// signed        = body(90) signature(64)
/// body          = type(1) holder_set(32) duty(1) slot(8) sender(8) round(4) value_hash(32) prepared_round(4)
/// </code>
/// The decoder is strict: unknown enum values, a zero sender or round, fields that the message type does not
/// use set, a value or justification the type does not carry, a value over <see cref="MaxValueLength"/>, and
/// trailing bytes are refused with <see cref="QbftMessageFormatException"/> and nothing else.
/// </summary>
public static class QbftCodec
{
    public const byte Version = 1;
    public const int BodyLength = 1 + 32 + 1 + 8 + 8 + 4 + 32 + 4;
    public const int SignedLength = BodyLength + MessageSignature.Length;

    /// <summary>Largest value carried: a full block proposal with its blobs fits.</summary>
    public const int MaxValueLength = 8 << 20;

    /// <summary>A PRE-PREPARE carries a round-change quorum and a prepare quorum: at most two quorums of the largest holder set.</summary>
    public const int MaxJustification = 2 * HolderSet.MaxHolders;

    private static readonly byte[] SigningDomain = "dvt/qbft/message/v1"u8.ToArray();

    /// <summary>The 32 bytes an operator signs for a message: SHA-256 over a domain tag and the body.</summary>
    public static Sha256Digest SigningDigest(QbftMessage message)
    {
        Span<byte> buffer = stackalloc byte[SigningDomain.Length + BodyLength];
        SigningDomain.CopyTo(buffer);
        WriteBody(buffer[SigningDomain.Length..], message);
        return new Sha256Digest(SHA256.HashData(buffer));
    }

    public static byte[] Encode(QbftEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.Justification.Count > MaxJustification)
            throw new ArgumentException($"justification has {envelope.Justification.Count} messages, at most {MaxJustification}", nameof(envelope));
        var valueLength = envelope.Value is null ? 0 : 4 + envelope.Value.Length;
        var bytes = new byte[1 + SignedLength + 1 + valueLength + 1 + SignedLength * envelope.Justification.Count];
        var span = bytes.AsSpan();
        span[0] = Version;
        var offset = 1;
        WriteSigned(span[offset..], envelope.Signed);
        offset += SignedLength;
        if (envelope.Value is null)
        {
            span[offset++] = 0;
        }
        else
        {
            span[offset++] = 1;
            BinaryPrimitives.WriteUInt32BigEndian(span[offset..], (uint)envelope.Value.Length);
            offset += 4;
            envelope.Value.CopyTo(span[offset..]);
            offset += envelope.Value.Length;
        }
        span[offset++] = (byte)envelope.Justification.Count;
        foreach (var signed in envelope.Justification)
        {
            WriteSigned(span[offset..], signed);
            offset += SignedLength;
        }
        return bytes;
    }

    public static QbftEnvelope Decode(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        if (bytes.Length < 1)
            throw new QbftMessageFormatException("version", "message is empty");
        if (bytes[0] != Version)
            throw new QbftMessageFormatException("version", $"is {bytes[0]}, expected {Version}");
        offset = 1;
        var signed = ReadSigned(bytes, ref offset, "message");
        var message = signed.Message;

        var hasValue = ReadByte(bytes, ref offset, "has_value");
        byte[]? value = null;
        if (hasValue > 1)
            throw new QbftMessageFormatException("has_value", $"is {hasValue}, expected 0 or 1");
        var carriesValue = message.Type is MessageType.PrePrepare or MessageType.Decided || message.IsPrepared;
        if ((hasValue == 1) != carriesValue)
            throw new QbftMessageFormatException("has_value", $"a {message.Type}{(message.Type == MessageType.RoundChange ? (message.IsPrepared ? " (prepared)" : " (not prepared)") : "")} {(carriesValue ? "must" : "must not")} carry a value");
        if (hasValue == 1)
        {
            if (bytes.Length - offset < 4)
                throw new QbftMessageFormatException("value_length", "message ends inside it");
            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes[offset..]);
            offset += 4;
            if (length > MaxValueLength)
                throw new QbftMessageFormatException("value_length", $"is {length}, at most {MaxValueLength}");
            if (bytes.Length - offset < length)
                throw new QbftMessageFormatException("value", $"declares {length} bytes, {bytes.Length - offset} remain");
            value = bytes.Slice(offset, (int)length).ToArray();
            offset += (int)length;
        }

        var count = ReadByte(bytes, ref offset, "justification_count");
        if (count > MaxJustification)
            throw new QbftMessageFormatException("justification_count", $"is {count}, at most {MaxJustification}");
        var justification = new SignedMessage[count];
        for (var i = 0; i < count; i++)
        {
            justification[i] = ReadSigned(bytes, ref offset, $"justification[{i}]");
            var type = justification[i].Message.Type;
            if (!MayJustify(message, type))
                throw new QbftMessageFormatException($"justification[{i}].type", $"a {type} does not justify a {message.Type} of round {message.Round}");
        }
        if (offset != bytes.Length)
            throw new QbftMessageFormatException("message", $"{bytes.Length - offset} bytes after the end");
        return new QbftEnvelope(signed, value, justification);
    }

    private static bool MayJustify(QbftMessage message, MessageType justifying) => message.Type switch
    {
        MessageType.PrePrepare => message.Round > 1 && justifying is MessageType.RoundChange or MessageType.Prepare,
        MessageType.RoundChange => message.IsPrepared && justifying == MessageType.Prepare,
        MessageType.Decided => justifying == MessageType.Commit,
        _ => false,
    };

    private static byte ReadByte(ReadOnlySpan<byte> bytes, ref int offset, string field)
    {
        if (offset >= bytes.Length)
            throw new QbftMessageFormatException(field, "message ends before it");
        return bytes[offset++];
    }

    private static void WriteSigned(Span<byte> destination, SignedMessage signed)
    {
        WriteBody(destination, signed.Message);
        signed.Signature.AsSpan().CopyTo(destination[BodyLength..]);
    }

    private static void WriteBody(Span<byte> destination, QbftMessage message)
    {
        destination[0] = (byte)message.Type;
        message.Instance.HolderSet.AsSpan().CopyTo(destination[1..]);
        destination[33] = (byte)message.Instance.Duty;
        BinaryPrimitives.WriteUInt64BigEndian(destination[34..], message.Instance.Slot.Value);
        BinaryPrimitives.WriteUInt64BigEndian(destination[42..], message.Sender.Value);
        BinaryPrimitives.WriteUInt32BigEndian(destination[50..], message.Round);
        message.ValueHash.AsSpan().CopyTo(destination[54..]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[86..], message.PreparedRound);
    }

    private static SignedMessage ReadSigned(ReadOnlySpan<byte> bytes, ref int offset, string field)
    {
        if (bytes.Length - offset < SignedLength)
            throw new QbftMessageFormatException(field, $"needs {SignedLength} bytes, {bytes.Length - offset} remain");
        var body = bytes.Slice(offset, BodyLength);
        var type = (MessageType)body[0];
        if (!Enum.IsDefined(type))
            throw new QbftMessageFormatException(field + ".type", $"{body[0]} is not a message type");
        var duty = (DutyType)body[33];
        if (!Enum.IsDefined(duty))
            throw new QbftMessageFormatException(field + ".duty", $"{body[33]} is not a duty type");
        var sender = BinaryPrimitives.ReadUInt64BigEndian(body[42..]);
        if (sender == 0)
            throw new QbftMessageFormatException(field + ".sender", "is 0, which is no operator");
        var round = BinaryPrimitives.ReadUInt32BigEndian(body[50..]);
        if (round == 0)
            throw new QbftMessageFormatException(field + ".round", "is 0; rounds start at 1");
        var valueHash = new Sha256Digest(body.Slice(54, 32));
        var preparedRound = BinaryPrimitives.ReadUInt32BigEndian(body[86..]);
        if (type == MessageType.RoundChange)
        {
            if (preparedRound >= round)
                throw new QbftMessageFormatException(field + ".prepared_round", $"is {preparedRound}, must be below the round {round}");
            if (preparedRound == 0 && !valueHash.IsZero)
                throw new QbftMessageFormatException(field + ".value_hash", "must be zero in a round change that has not prepared");
            if (preparedRound != 0 && valueHash.IsZero)
                throw new QbftMessageFormatException(field + ".value_hash", "is zero in a prepared round change");
        }
        else
        {
            if (preparedRound != 0)
                throw new QbftMessageFormatException(field + ".prepared_round", $"is {preparedRound}; only a round change carries one");
            if (valueHash.IsZero)
                throw new QbftMessageFormatException(field + ".value_hash", $"is zero in a {type}");
        }
        var instance = new InstanceId(new Sha256Digest(body.Slice(1, 32)), duty, new Slot(BinaryPrimitives.ReadUInt64BigEndian(body[34..])));
        var message = new QbftMessage(type, instance, new OperatorId(sender), round, valueHash, preparedRound);
        var signature = new MessageSignature(bytes.Slice(offset + BodyLength, MessageSignature.Length));
        offset += SignedLength;
        return new SignedMessage(message, signature);
    }
}
