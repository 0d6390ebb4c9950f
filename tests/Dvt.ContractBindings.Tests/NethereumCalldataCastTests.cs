using Dvt.ContractBindings.Contracts;
using Dvt.TestSupport;
using Nethereum.Contracts;

namespace Dvt.ContractBindings.Tests;

/// <summary>The calldata Nethereum makes from the generated Function DTOs, byte for byte against cast's.</summary>
public sealed class NethereumCalldataCastTests
{
    [Fact]
    public void Registry_calldata_from_the_generated_dtos_equals_casts()
    {
        var key = "0x02" + string.Concat(Enumerable.Repeat("ab", 32));
        var register = new DvtRegistryContract.Dto.RegisterOperatorFunction { ShareEncryptionKey = Hex.DecodeData(key), Endpoint = "https://op1.example:9000" };
        Assert.Equal(
            ToolRunner.Run("cast", "calldata", "registerOperator(bytes,string)", key, "https://op1.example:9000"),
            Hex.Encode(register.GetCallData()));

        var credentials = "0x01" + new string('0', 22) + "a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7";
        var request = new DvtRegistryContract.Dto.RequestValidatorFunction { Mode = 1, KeyGeneration = 2, WithdrawalCredentials = Hex.DecodeData(credentials) };
        Assert.Equal(
            ToolRunner.Run("cast", "calldata", "requestValidator(uint8,uint8,bytes32)", "1", "2", credentials),
            Hex.Encode(request.GetCallData()));

        var group = "0x" + string.Concat(Enumerable.Repeat("b1", 48));
        var sharesHash = "0x" + string.Concat(Enumerable.Repeat("c2", 32));
        var ack = new DvtRegistryContract.Dto.AckFunction { ValidatorId = ulong.MaxValue, Round = uint.MaxValue, GroupPublicKey = Hex.DecodeData(group), PublicSharesHash = Hex.DecodeData(sharesHash) };
        Assert.Equal(
            ToolRunner.Run("cast", "calldata", "ack(uint64,uint32,bytes,bytes32)", ulong.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                uint.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), group, sharesHash),
            Hex.Encode(ack.GetCallData()));
    }
}
