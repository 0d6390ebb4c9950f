using System.Numerics;
using Dvt.ContractBindings.Abi;
using Dvt.TestSupport;

namespace Dvt.ContractBindings.Tests;

public sealed class AbiDecodingTests
{
    private static readonly AbiType Uint8 = AbiType.Parse("uint8");

    [Fact]
    public void Dirty_high_bits_are_refused()
    {
        var word = new byte[32];
        word[30] = 1; // 256 does not fit uint8
        Assert.Throws<AbiDecodingException>(() => AbiDecoder.Decode([Uint8], word));
    }

    [Fact]
    public void Bool_other_than_zero_or_one_is_refused()
    {
        var word = new byte[32];
        word[31] = 2;
        var error = Assert.Throws<AbiDecodingException>(() => AbiDecoder.Decode([AbiBoolType.Instance], word));
        Assert.Contains("not 0 or 1", error.Message);
    }

    [Fact]
    public void Offsets_past_the_end_are_refused()
    {
        var data = AbiEncoder.Encode([AbiBytesType.Instance], [new byte[] { 1, 2, 3 }]);
        data[31] = 0xff;
        Assert.Throws<AbiDecodingException>(() => AbiDecoder.Decode([AbiBytesType.Instance], data));
    }

    [Fact]
    public void Huge_array_lengths_fail_before_allocating()
    {
        var data = AbiEncoder.Encode([AbiType.Parse("uint256[]")], [Array.Empty<object?>()]);
        data[60] = 0x7f; // length ~ 2^31
        var error = Assert.Throws<AbiDecodingException>(() => AbiDecoder.Decode([AbiType.Parse("uint256[]")], data));
        Assert.Contains("claims", error.Message);
    }

    [Fact]
    public void Out_of_range_values_are_refused_when_encoding()
    {
        Assert.Throws<AbiEncodingException>(() => AbiEncoder.Encode([Uint8], [256]));
        Assert.Throws<AbiEncodingException>(() => AbiEncoder.Encode([AbiType.Parse("int8")], [128]));
        Assert.Throws<AbiEncodingException>(() => AbiEncoder.Encode([AbiType.Parse("bytes4")], [new byte[3]]));
        Assert.Throws<AbiEncodingException>(() => AbiEncoder.Encode([AbiType.Parse("uint64")], ["7"]));
    }

    [Theory]
    [InlineData("uint7")]
    [InlineData("bytes33")]
    [InlineData("uint256[0]")]
    [InlineData("(uint8")]
    [InlineData("foo")]
    public void Bad_type_strings_are_refused(string text) => Assert.Throws<FormatException>(() => AbiType.Parse(text));

    private const string EventAbi = """
        [
          {"type":"event","name":"DealSubmitted","anonymous":false,"inputs":[
            {"name":"validatorId","type":"uint64","indexed":true},
            {"name":"round","type":"uint32","indexed":true},
            {"name":"note","type":"string","indexed":true},
            {"name":"commitments","type":"bytes","indexed":false},
            {"name":"ok","type":"bool","indexed":false}]},
          {"type":"error","name":"NotOperator","inputs":[{"name":"who","type":"address"},{"name":"id","type":"uint64"}]},
          {"type":"function","name":"f","stateMutability":"view","inputs":[],"outputs":[{"name":"","type":"uint256"}]}
        ]
        """;

    [Fact]
    public void Events_decode_indexed_topics_and_data_and_hash_indexed_dynamic_fields()
    {
        var abi = ContractAbi.Parse(EventAbi);
        var e = abi.Event("DealSubmitted");
        Assert.Equal(ToolRunner.Run("cast", "keccak", "DealSubmitted(uint64,uint32,string,bytes,bool)"), e.Topic0.ToString());
        var topics = new[]
        {
            e.Topic0,
            Word(5),
            Word(2),
            Keccak256.HashToHash32("note"u8),
        };
        var data = AbiEncoder.Encode([AbiBytesType.Instance, AbiBoolType.Instance], [new byte[] { 9, 9 }, true]);
        var values = e.Decode(topics, data);
        Assert.Equal(5UL, values[0]);
        Assert.Equal(2U, values[1]);
        Assert.Equal(Keccak256.HashToHash32("note"u8), values[2]);
        Assert.Equal(new byte[] { 9, 9 }, values[3]);
        Assert.Equal(true, values[4]);
        Assert.True(abi.TryGetEvent(e.Topic0, out _));
        Assert.Throws<AbiDecodingException>(() => e.Decode(topics[..3], data));
    }

    [Fact]
    public void Reverts_decode_to_reason_panic_custom_error_or_unknown()
    {
        var abi = ContractAbi.Parse(EventAbi);
        var reason = abi.DecodeRevert(AbiError.ErrorString.Encode("not allowed"));
        Assert.Equal("not allowed", Assert.IsType<ContractRevertedWithReasonException>(reason).Reason);

        var panic = Assert.IsType<ContractPanicException>(abi.DecodeRevert(AbiError.Panic.Encode(new UInt256(0x11))));
        Assert.Equal(new UInt256(0x11), panic.Code);
        Assert.Contains("overflow", panic.Message);

        var who = Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        var custom = Assert.IsType<ContractCustomErrorException>(abi.DecodeRevert(abi.Errors[0].Encode(who, 3UL)));
        Assert.Equal("NotOperator", custom.Error.Name);
        Assert.Equal(who, custom.Values[0]);
        Assert.Equal(3UL, custom.Values[1]);
        Assert.Equal(ToolRunner.Run("cast", "sig", "NotOperator(address,uint64)"), Hex.Encode(custom.Error.Selector));

        var unknown = abi.DecodeRevert([1, 2, 3, 4]);
        Assert.IsType<ContractRevertException>(unknown);
        Assert.Contains("0x01020304", unknown.Message);
    }

    private static Hash32 Word(ulong value)
    {
        var bytes = new byte[32];
        new UInt256(new BigInteger(value)).WriteBigEndian(bytes);
        return new Hash32(bytes);
    }
}
