using System.Text.Json;
using Dvt.ContractBindings.Abi;
using Dvt.ContractBindings.Contracts;
using Dvt.TestSupport;

namespace Dvt.ContractBindings.Tests;

/// <summary>The generated bindings must describe the artifacts on disk: a stale build or a hand edit fails here.</summary>
public sealed class GeneratedBindingsMatchArtifactTests
{
    public static TheoryData<string, string[], string> Contracts => new()
    {
        { "DvtRegistry", DvtRegistryContract.AbiSignatures.ToArray(), DvtRegistryContract.BytecodeHex },
        { "DevnetDepositContract", DevnetDepositContract.AbiSignatures.ToArray(), DevnetDepositContract.BytecodeHex },
    };

    [Theory]
    [MemberData(nameof(Contracts))]
    public void Signatures_and_bytecode_equal_the_artifact(string name, string[] generatedSignatures, string generatedBytecode)
    {
        var path = Path.Combine(RepoPaths.Root, "out", name + ".sol", name + ".json");
        var json = File.ReadAllText(path);
        var abi = ContractAbi.Parse(json);
        var expected = abi.Functions.Select(f => "function " + f.Signature)
            .Concat(abi.Events.Select(e => "event " + e.Signature))
            .Concat(abi.Errors.Select(e => "error " + e.Signature))
            .Append("constructor(" + string.Join(",", abi.ConstructorInputs.Select(p => p.Type.CanonicalName)) + ")")
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(expected, generatedSignatures);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(document.RootElement.GetProperty("bytecode").GetProperty("object").GetString(), generatedBytecode);
    }

    [Fact]
    public void Every_registry_function_event_and_error_has_a_typed_member()
    {
        var type = typeof(DvtRegistryContract);
        foreach (var function in DvtRegistryContract.Abi.Functions)
            Assert.NotNull(type.GetMethod(char.ToUpperInvariant(function.Name[0]) + function.Name[1..] + "Async"));
        foreach (var e in DvtRegistryContract.Abi.Events)
            Assert.NotNull(type.GetNestedType(e.Name + "Event"));
        foreach (var error in DvtRegistryContract.Abi.Errors)
        {
            var nested = type.GetNestedType(error.Name + "Exception");
            Assert.NotNull(nested);
            Assert.True(nested.IsSubclassOf(typeof(ContractCustomErrorException)));
        }
    }

    [Fact]
    public void Typed_errors_decode_with_their_fields()
    {
        var error = DvtRegistryContract.NotEnoughOperatorsException.Definition;
        var decoded = DvtRegistryContract.DecodeError(CastCalldata.Of(error.Signature, "5", "13"));
        var typed = Assert.IsType<DvtRegistryContract.NotEnoughOperatorsException>(decoded);
        Assert.Equal(new UInt256(5), typed.Active);
        Assert.Equal(new UInt256(13), typed.Needed);
        Assert.IsType<ContractRevertedWithReasonException>(DvtRegistryContract.DecodeError(CastCalldata.Of("Error(string)", "x")));
    }
}
