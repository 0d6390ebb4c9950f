using System.Numerics;
using CsCheck;
using Dvt.ContractBindings.Abi;
using Dvt.TestSupport;

namespace Dvt.ContractBindings.Tests;

/// <summary>Our ABI codec against foundry's cast, byte for byte.</summary>
public sealed class AbiCastCrossCheckTests
{
    public static TheoryData<string, string[], object?[]> FixedCases => new()
    {
        { "submitDeal(uint64,uint32,bytes,bytes)", ["7", "1", "0x" + new string('a', 96), "0x01"],
          [7UL, 1U, Hex.DecodeData("0x" + new string('a', 96)), new byte[] { 1 }] },
        { "ack(uint64,uint32,bytes,bytes32)", ["1", "2", "0x" + new string('b', 96), "0x" + new string('c', 64)],
          [1UL, 2U, Hex.DecodeData("0x" + new string('b', 96)), Hash32.Parse("0x" + new string('c', 64))] },
        { "f(int256,int8,uint256)", ["-1", "-128", "115792089237316195423570985008687907853269984665640564039457584007913129639935"],
          [BigInteger.MinusOne, (sbyte)-128, UInt256.MaxValue] },
        { "g(address[],bool,string)", ["[0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed,0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359]", "true", "dvt"],
          [new object?[] { Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"), Address.Parse("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359") }, true, "dvt"] },
        { "h((uint64,bytes)[],uint8[3])", ["[(1,0x0102),(2,0x)]", "[1,2,3]"],
          [new object?[] { new object?[] { 1UL, new byte[] { 1, 2 } }, new object?[] { 2UL, Array.Empty<byte>() } }, new object?[] { (byte)1, (byte)2, (byte)3 }] },
        { "k(string[2],bytes[])", ["[ab,cd]", "[0x01,0x0203]"],
          [new object?[] { "ab", "cd" }, new object?[] { new byte[] { 1 }, new byte[] { 2, 3 } }] },
    };

    [Theory]
    [MemberData(nameof(FixedCases))]
    public void Calldata_matches_cast(string signature, string[] castArguments, object?[] values)
    {
        var function = AbiFunction.Parse(signature);
        var ours = Hex.Encode(function.EncodeCall(values));
        var cast = ToolRunner.Run("cast", ["calldata", signature, .. castArguments]);
        Assert.Equal(cast, ours);
        Assert.Equal(ToolRunner.Run("cast", "sig", signature), Hex.Encode(function.Selector));
    }

    [Fact]
    public void Random_arguments_encode_like_cast_and_decode_casts_bytes()
    {
        var checkedCases = 0;
        AbiGenerators.Arguments(depth: 2, castSafe: true).Where(s => s.Types.Length > 0).Sample(sample =>
        {
            var signature = "f(" + string.Join(",", sample.Types.Select(t => t.CanonicalName)) + ")";
            var arguments = sample.Types.Select((t, i) => AbiGenerators.ToCast(t, sample.Values[i])).ToArray();
            var cast = ToolRunner.Run("cast", ["abi-encode", signature, .. arguments]);
            Assert.Equal(cast, Hex.Encode(AbiEncoder.Encode(sample.Types, sample.Values)));
            var decoded = AbiDecoder.Decode(sample.Types, Hex.DecodeData(cast));
            Assert.Equal(AbiGenerators.Normalize(sample.Values), AbiGenerators.Normalize(decoded));
            checkedCases++;
        }, iter: 40, threads: 1);
        Assert.Equal(40, checkedCases);
    }

    [Theory]
    [InlineData("DealSubmitted(uint64,uint32,uint64,bytes,bytes)")]
    [InlineData("Transfer(address,address,uint256)")]
    [InlineData("")]
    public void Keccak_and_event_topics_match_cast(string text)
    {
        Assert.Equal(ToolRunner.Run("cast", "keccak", text), Hex.Encode(Keccak256.Hash(text)));
    }

    [Fact]
    public void Decoding_casts_return_data_gives_typed_values()
    {
        var function = AbiFunction.Parse("get() returns (uint64,address,bytes32,string,bool)");
        var encoded = ToolRunner.Run("cast", "abi-encode", "f(uint64,address,bytes32,string,bool)",
            "42", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0x" + new string('d', 64), "hello", "false");
        var values = function.DecodeOutput(Hex.DecodeData(encoded));
        Assert.Equal(42UL, values[0]);
        Assert.Equal(Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"), values[1]);
        Assert.Equal(Hash32.Parse("0x" + new string('d', 64)), values[2]);
        Assert.Equal("hello", values[3]);
        Assert.Equal(false, values[4]);
    }
}
