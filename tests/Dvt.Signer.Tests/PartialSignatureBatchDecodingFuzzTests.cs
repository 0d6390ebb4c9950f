using System.Text;
using CsCheck;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Peer;

namespace Dvt.Signer.Tests;

/// <summary>
/// The batch messages' decoders against hostile bytes: whatever arrives, they either read it or throw
/// <see cref="PeerMessageFormatException"/> naming a field; never another exception, never a partial outside G2's subgroup.
/// </summary>
public sealed class PartialSignatureBatchDecodingFuzzTests
{
    private static readonly byte[] ValidRequest = PartialSignatureBatchMessages.EncodeRequest(
    [
        PartialSignatureMessages.EncodeRequest(BlsSecretKey.Generate().PublicKey, """{"type":"RANDAO_REVEAL","randao_reveal":{"epoch":"3"}}"""u8),
        PartialSignatureMessages.EncodeRequest(BlsSecretKey.Generate().PublicKey, """{"type":"RANDAO_REVEAL","randao_reveal":{"epoch":"4"}}"""u8,
            new PartialSignature(new ShareIndex(2), BlsSecretKey.Generate().Sign("x"u8))),
    ]);

    private static readonly byte[] ValidResponse = PartialSignatureBatchMessages.EncodeResponse(
    [
        PartialSignatureMessages.EncodeResponse(new PartialSignature(new ShareIndex(3), BlsSecretKey.Generate().Sign("y"u8))),
        PartialSignatureMessages.EncodeDeliveredResponse(new ShareIndex(3)),
        PartialSignatureBatchMessages.EncodeItemError(412, "refused by slashing protection"),
    ]);

    private static Gen<byte[]> MutationOf(byte[] valid) =>
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 100_000], Gen.Int[1, 60], Gen.Byte, (kind, position, length, value) =>
        {
            var at = position % valid.Length;
            var count = Math.Min(length, valid.Length - at);
            return kind switch
            {
                0 => valid.Select((b, i) => i == at ? value : b).ToArray(),
                1 => valid.Take(at).Concat(valid.Skip(at + count)).ToArray(),
                2 => valid.Take(at + count).Concat(valid.Skip(at)).ToArray(),
                _ => valid.Take(at).ToArray(),
            };
        });

    private static void ReadsOrNamesAField(Action read, byte[] bytes)
    {
        try
        {
            read();
        }
        catch (PeerMessageFormatException e)
        {
            Assert.False(string.IsNullOrEmpty(e.Field), Encoding.UTF8.GetString(bytes));
        }
    }

    [Fact]
    public void The_valid_messages_read_back()
    {
        using (PartialSignatureBatchMessages.ParseRequest(ValidRequest, out var items))
            Assert.Equal(2, items.Count);
        var answers = PartialSignatureBatchMessages.ParseResponse(ValidResponse, 3);
        Assert.NotNull(Assert.IsType<PartialSignatureBatchAnswer.Answered>(answers[0]).Partial);
        Assert.Null(Assert.IsType<PartialSignatureBatchAnswer.Answered>(answers[1]).Partial);
        Assert.Equal(412, Assert.IsType<PartialSignatureBatchAnswer.Error>(answers[2]).Status);
        Assert.Throws<PeerMessageFormatException>(() => PartialSignatureBatchMessages.ParseResponse(ValidResponse, 2));
    }

    [Fact]
    public void A_partial_is_sent_uncompressed_and_read_in_either_form()
    {
        var partial = new PartialSignature(new ShareIndex(2), BlsSecretKey.Generate().Sign("z"u8));
        var sent = PartialSignatureMessages.EncodeResponse(partial);
        Assert.Contains(Dvt.Consensus.Primitives.Hex.Encode(partial.Signature.ToUncompressed()), Encoding.ASCII.GetString(sent));
        Assert.Equal(partial.Signature, PartialSignatureMessages.ParseResponse(sent).Signature);
        var compressed = Encoding.ASCII.GetBytes($"{{\"share_index\":2,\"signature\":\"{Dvt.Consensus.Primitives.Hex.Encode(partial.Signature.Span)}\"}}");
        Assert.Equal(partial.Signature, PartialSignatureMessages.ParseResponse(compressed).Signature);
        // Any other length is refused, naming the field.
        var truncated = Encoding.ASCII.GetBytes($"{{\"share_index\":2,\"signature\":\"{Dvt.Consensus.Primitives.Hex.Encode(partial.Signature.ToUncompressed()[..150])}\"}}");
        Assert.Equal("signature", Assert.Throws<PeerMessageFormatException>(() => PartialSignatureMessages.ParseResponse(truncated)).Field);
    }

    [Fact]
    public void Random_bytes_and_mutated_requests_read_or_throw_a_format_error()
        => Gen.OneOf(Gen.Byte.Array[0, 1024], MutationOf(ValidRequest)).Sample(bytes => ReadsOrNamesAField(() =>
        {
            using var document = PartialSignatureBatchMessages.ParseRequest(bytes, out var items);
            for (var i = 0; i < items.Count; i++)
                PartialSignatureMessages.ReadRequest(items[i], $"items[{i}].", out _, out _, out _);
        }, bytes), iter: 3000);

    [Fact]
    public void Random_bytes_and_mutated_answers_read_or_throw_a_format_error()
        => Gen.OneOf(Gen.Byte.Array[0, 1024], MutationOf(ValidResponse)).Sample(bytes =>
            ReadsOrNamesAField(() => PartialSignatureBatchMessages.ParseResponse(bytes, 3), bytes), iter: 3000);
}
