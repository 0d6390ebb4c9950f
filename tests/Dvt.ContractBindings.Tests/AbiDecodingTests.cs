using CsCheck;
using Dvt.ContractBindings.Abi;
using Dvt.TestSupport;

namespace Dvt.ContractBindings.Tests;

/// <summary>The ABI metadata parsed from an artifact, and revert data (made by cast) decoded into typed exceptions.</summary>
public sealed class AbiDecodingTests
{
    [Theory]
    [InlineData("uint7")]
    [InlineData("bytes33")]
    [InlineData("uint256[0]")]
    [InlineData("(uint8")]
    [InlineData("foo")]
    public void Bad_type_strings_are_refused(string text) => Assert.Throws<FormatException>(() => AbiType.Parse(text));

    [Fact]
    public void Canonical_names_parse_back_to_the_same_type()
    {
        AbiGenerators.Type(3).Sample(type =>
            Assert.Equal(type.CanonicalName, AbiType.Parse(type.CanonicalName).CanonicalName), iter: 2000);
    }

    private const string TestAbi = """
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
    public void Events_get_casts_topic0_and_are_found_by_it()
    {
        var abi = ContractAbi.Parse(TestAbi);
        var e = abi.Event("DealSubmitted");
        Assert.Equal(ToolRunner.Run("cast", "keccak", "DealSubmitted(uint64,uint32,string,bytes,bool)"), e.Topic0.ToString());
        Assert.Equal(3, e.IndexedCount);
        Assert.True(abi.TryGetEvent(e.Topic0, out var found));
        Assert.Same(e, found);
        Assert.False(abi.TryGetEvent(Keccak256.HashToHash32("other"u8), out _));
    }

    [Fact]
    public void Reverts_decode_to_reason_panic_custom_error_or_unknown()
    {
        var abi = ContractAbi.Parse(TestAbi);
        var reason = abi.DecodeRevert(CastCalldata.Of("Error(string)", "not allowed"));
        Assert.Equal("not allowed", Assert.IsType<ContractRevertedWithReasonException>(reason).Reason);

        var panic = Assert.IsType<ContractPanicException>(abi.DecodeRevert(CastCalldata.Of("Panic(uint256)", "17")));
        Assert.Equal(new UInt256(0x11), panic.Code);
        Assert.Contains("overflow", panic.Message);

        var who = Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        var custom = Assert.IsType<ContractCustomErrorException>(abi.DecodeRevert(CastCalldata.Of("NotOperator(address,uint64)", who.ToString(), "3")));
        Assert.Equal("NotOperator", custom.Error.Name);
        Assert.Equal(who, custom.Values[0]);
        Assert.Equal(3UL, custom.Values[1]);
        Assert.Equal(ToolRunner.Run("cast", "sig", "NotOperator(address,uint64)"), Hex.Encode(custom.Error.Selector));

        var unknown = abi.DecodeRevert([1, 2, 3, 4]);
        Assert.IsType<ContractRevertException>(unknown);
        Assert.Contains("0x01020304", unknown.Message);
    }

    [Fact]
    public void Malformed_custom_error_arguments_are_reported_not_guessed()
    {
        var abi = ContractAbi.Parse(TestAbi);
        var full = CastCalldata.Of("NotOperator(address,uint64)", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "3");

        var cut = abi.DecodeRevert(full[..^1]);
        Assert.IsNotType<ContractCustomErrorException>(cut);
        Assert.Contains("malformed", cut.Message);

        var tooBig = (byte[])full.Clone();
        tooBig[4 + 32 + 23] = 1; // the uint64 argument's word now holds 2^64 + 3
        var refused = abi.DecodeRevert(tooBig);
        Assert.IsNotType<ContractCustomErrorException>(refused);
        Assert.Contains("malformed", refused.Message);
    }
}
