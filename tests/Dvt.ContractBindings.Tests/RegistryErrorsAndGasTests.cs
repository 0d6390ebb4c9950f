using Dvt.ContractBindings.Abi;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Rpc;
using Dvt.TestSupport;

namespace Dvt.ContractBindings.Tests;

/// <summary>
/// What the Nethereum-based layer must not lose: every custom error of the artifact decodes into its typed exception
/// (revert data made by cast, independently), and the gas margin keeps path-dependent DKG requests from running out
/// of gas (Nethereum's default, limit = estimate, failed 5 times in 10).
/// </summary>
public sealed class RegistryErrorsAndGasTests(AnvilProcess anvil) : AnvilSnapshotTests(anvil)
{
    private const byte ThreeOfFour = 1;
    private const byte KeyDkg = 2;

    private static string SampleArgument(string type) => type switch
    {
        "address" => "0x00000000000000000000000000000000000000a7",
        "bool" => "true",
        "string" => "sample",
        "bytes" => "0x0102",
        _ when type.StartsWith("bytes", StringComparison.Ordinal) => "0x" + string.Concat(Enumerable.Repeat("5a", int.Parse(type[5..], System.Globalization.CultureInfo.InvariantCulture))),
        _ when type.StartsWith("uint", StringComparison.Ordinal) || type.StartsWith("int", StringComparison.Ordinal) => "3",
        _ => throw new InvalidOperationException($"no sample argument for {type}: extend this test"),
    };

    [Fact]
    public void Every_custom_error_in_the_artifact_decodes_into_its_typed_exception()
    {
        Assert.NotEmpty(DvtRegistryContract.Abi.Errors);
        foreach (var error in DvtRegistryContract.Abi.Errors)
        {
            var arguments = new List<string> { "calldata", error.Signature };
            arguments.AddRange(error.Inputs.Select(i => SampleArgument(i.Type.ToString())));
            var revertData = Hex.DecodeData(ToolRunner.Run("cast", [.. arguments]));
            var decoded = DvtRegistryContract.DecodeError(revertData);
            var custom = Assert.IsAssignableFrom<ContractCustomErrorException>(decoded);
            Assert.Equal(error.Name + "Exception", decoded.GetType().Name);
            Assert.Equal(error.Signature, custom.Error.Signature);
            Assert.Equal(error.Inputs.Count, custom.Values.Count);
            Assert.Equal(revertData, decoded.RevertData);
        }
    }

    [Fact]
    public void Revert_data_with_an_argument_out_of_range_is_not_a_typed_error()
    {
        // WrongValidatorStatus(uint64,uint8) with status = 256: Nethereum would read it; the typed layer refuses it.
        var revertData = Hex.DecodeData(ToolRunner.Run("cast", "calldata", "WrongValidatorStatus(uint64,uint256)", "3", "256"));
        Assert.IsNotType<DvtRegistryContract.WrongValidatorStatusException>(DvtRegistryContract.DecodeError(revertData));
    }

    [Fact]
    public async Task Twenty_dkg_requests_in_a_row_never_run_out_of_gas()
    {
        var deployer = await TestChain.SenderAsync(Rpc, 0);
        var deposit = await DevnetDepositContract.DeployAsync(deployer);
        var deployed = await DvtRegistryContract.DeployAsync(deployer, deposit.Address);
        var operators = new DvtRegistryContract[4];
        for (var i = 0; i < operators.Length; i++)
        {
            operators[i] = new DvtRegistryContract(deployed.Address, Rpc, await TestChain.SenderAsync(Rpc, i));
            var key = new byte[33];
            key[0] = 0x02;
            key[32] = (byte)(i + 1);
            await operators[i].RegisterOperatorAsync(key, $"https://op{i + 1}.example");
        }
        var credentials = new byte[32];
        credentials[0] = 0x01;
        for (var i = 0; i < 20; i++)
        {
            var receipt = await operators[0].RequestValidatorAsync(ThreeOfFour, KeyDkg, new Hash32(credentials), UInt256.Ether(32));
            Assert.True(receipt.Succeeded, $"request {i + 1} of 20 failed: {receipt.TransactionHash}");
        }
        Assert.Equal(20UL, await operators[0].ValidatorCountAsync());
    }
}
