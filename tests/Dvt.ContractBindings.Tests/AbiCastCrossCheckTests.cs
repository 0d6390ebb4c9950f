using System.Globalization;
using CsCheck;
using Dvt.ContractBindings.Abi;
using Dvt.ContractBindings.Contracts;
using Dvt.TestSupport;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.Contracts;

namespace Dvt.ContractBindings.Tests;

/// <summary>
/// The ABI layer (Nethereum through the generated DTOs, our signatures and selectors parsed from the artifact) against
/// foundry's cast, byte for byte.
/// </summary>
public sealed class AbiCastCrossCheckTests
{
    [Fact]
    public void Every_selector_and_topic_of_the_registry_artifact_matches_cast()
    {
        var abi = DvtRegistryContract.Abi;
        var checkedItems = 0;
        foreach (var function in abi.Functions)
        {
            Assert.Equal(ToolRunner.Run("cast", "sig", function.Signature), Hex.Encode(function.Selector));
            checkedItems++;
        }
        foreach (var error in abi.Errors)
        {
            Assert.Equal(ToolRunner.Run("cast", "sig", error.Signature), Hex.Encode(error.Selector));
            checkedItems++;
        }
        foreach (var e in abi.Events)
        {
            Assert.Equal(ToolRunner.Run("cast", "keccak", e.Signature), e.Topic0.ToString());
            checkedItems++;
        }
        Assert.Equal(abi.Functions.Count + abi.Errors.Count + abi.Events.Count, checkedItems);
        Assert.True(abi.Functions.Count > 30 && abi.Errors.Count > 30 && abi.Events.Count > 15, "the artifact's ABI looks incomplete");
    }

    [Fact]
    public void Random_calldata_of_the_generated_dtos_equals_casts()
    {
        var checkedCases = 0;
        Gen.Select(Gen.ULong, Gen.UInt, Gen.Byte.Array[0, 200], Gen.Byte.Array[0, 300], Gen.Byte.Array[32]).Sample((id, round, first, second, word) =>
        {
            var deal = new DvtRegistryContract.Dto.SubmitDealFunction { ValidatorId = id, Round = round, Commitments = first, EncryptedShares = second };
            Assert.Equal(
                ToolRunner.Run("cast", "calldata", "submitDeal(uint64,uint32,bytes,bytes)", Text(id), Text(round), Hex.Encode(first), Hex.Encode(second)),
                Hex.Encode(deal.GetCallData()));
            var deposit = new DvtRegistryContract.Dto.DepositFunction { ValidatorId = id, PublicKey = first, Signature = second, DepositDataRoot = word };
            Assert.Equal(
                ToolRunner.Run("cast", "calldata", "deposit(uint64,bytes,bytes,bytes32)", Text(id), Hex.Encode(first), Hex.Encode(second), Hex.Encode(word)),
                Hex.Encode(deposit.GetCallData()));
            checkedCases++;
        }, iter: 25, threads: 1);
        Assert.Equal(25, checkedCases);
    }

    [Fact]
    public void Import_calldata_with_its_unnamed_arguments_equals_casts()
    {
        var key = Enumerable.Range(0, 48).Select(i => (byte)(0x80 + i)).ToArray();
        var credentials = Hash32.Parse("0x01" + new string('0', 22) + "a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7");
        var import = new DvtRegistryContract.Dto.ImportValidatorFunction
        {
            ReturnValue1 = key, ReturnValue2 = 1, ReturnValue3 = credentials.ToArray(), ReturnValue4 = ulong.MaxValue, ReturnValue5 = 7, ReturnValue6 = 8,
        };
        Assert.Equal(
            ToolRunner.Run("cast", "calldata", "importValidator(bytes,uint8,bytes32,uint64,uint64,uint64)",
                Hex.Encode(key), "1", credentials.ToString(), Text(ulong.MaxValue), "7", "8"),
            Hex.Encode(import.GetCallData()));
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
    public void Casts_return_data_decodes_through_the_generated_output_dto()
    {
        var credentials = "0x" + new string('d', 64);
        var encoded = ToolRunner.Run("cast", "abi-encode", "f(uint64,uint8,uint8,uint8,uint8,uint32,bytes32,bool)",
            "42", "2", "1", "3", "2", "4294967295", credentials, "true");
        var output = new FunctionCallDecoder().DecodeFunctionOutput<DvtRegistryContract.Dto.GetValidatorOutputDTO>(encoded);
        Assert.Equal(42, (int)output.OwnerOperatorId);
        Assert.Equal(2, (int)output.Mode);
        Assert.Equal(1, (int)output.Kind);
        Assert.Equal(3, (int)output.Status);
        Assert.Equal(2, (int)output.KeyGeneration);
        Assert.Equal(uint.MaxValue, (uint)output.CurrentRound);
        Assert.Equal(credentials, Hex.Encode(output.WithdrawalCredentials));
        Assert.True(output.FundsHeld);
    }

    private static string Text(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
