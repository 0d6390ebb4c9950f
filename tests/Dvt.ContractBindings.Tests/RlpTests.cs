using CsCheck;
using Dvt.ContractBindings.Rlp;

namespace Dvt.ContractBindings.Tests;

public sealed class RlpTests
{
    [Fact]
    public void Encodes_the_yellow_paper_examples()
    {
        Assert.Equal("0x83646f67", Hex.Encode(RlpEncoder.EncodeBytes("dog"u8)));
        Assert.Equal("0xc88363617483646f67", Hex.Encode(RlpEncoder.EncodeList(RlpEncoder.EncodeBytes("cat"u8), RlpEncoder.EncodeBytes("dog"u8))));
        Assert.Equal("0x80", Hex.Encode(RlpEncoder.EncodeBytes([])));
        Assert.Equal("0xc0", Hex.Encode(RlpEncoder.EncodeList()));
        Assert.Equal("0x80", Hex.Encode(RlpEncoder.EncodeUInt64(0)));
        Assert.Equal("0x0f", Hex.Encode(RlpEncoder.EncodeUInt64(15)));
        Assert.Equal("0x820400", Hex.Encode(RlpEncoder.EncodeUInt64(1024)));
        // [ [], [[]], [ [], [[]] ] ]
        var empty = RlpEncoder.EncodeList();
        var one = RlpEncoder.EncodeList(empty);
        Assert.Equal("0xc7c0c1c0c3c0c1c0", Hex.Encode(RlpEncoder.EncodeList(empty, one, RlpEncoder.EncodeList(empty, one))));
        var lorem = "Lorem ipsum dolor sit amet, consectetur adipisicing elit"u8;
        Assert.Equal("0xb838" + Convert.ToHexStringLower(lorem), Hex.Encode(RlpEncoder.EncodeBytes(lorem)));
    }

    [Theory]
    [InlineData("0x8100", "single byte below 0x80")]
    [InlineData("0xb80100", "long form")]
    [InlineData("0xb90000", "leading zero")]
    [InlineData("0x83646f", "claims 3 bytes")]
    [InlineData("0x83646f6767", "trailing")]
    [InlineData("0xc3836361", "claims")]
    [InlineData("0x", "ends")]
    public void Decoding_refuses_non_canonical_or_broken_input(string hex, string reason)
    {
        var error = Assert.Throws<RlpException>(() => RlpDecoder.Decode(Hex.DecodeData(hex)));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Integers_with_leading_zero_bytes_are_refused()
    {
        var item = RlpDecoder.Decode(Hex.DecodeData("0x820001"));
        Assert.Throws<RlpException>(() => item.AsUInt64("nonce"));
    }

    private static readonly Gen<RlpItem> Items = Gen.Recursive<RlpItem>((depth, self) =>
        depth >= 4
            ? Gen.Byte.Array[0, 70].Select(b => RlpItem.String(b))
            : Gen.Frequency(
                (3, Gen.Byte.Array[0, 70].Select(b => RlpItem.String(b))),
                (1, self.List[0, 5].Select(list => RlpItem.List(list)))));

    [Fact]
    public void Round_trips_random_trees()
    {
        Items.Sample(item =>
        {
            var encoded = RlpEncoder.Encode(item);
            var decoded = RlpDecoder.Decode(encoded);
            Assert.Equal(encoded, RlpEncoder.Encode(decoded));
        }, iter: 2000);
    }
}
