using Dvt.TestSupport;

namespace Dvt.ContractBindings.Tests;

/// <summary>Calldata or revert data made by foundry's cast: test inputs that do not come from the code under test.</summary>
internal static class CastCalldata
{
    public static byte[] Of(string signature, params string[] arguments) =>
        Hex.DecodeData(ToolRunner.Run("cast", ["calldata", signature, .. arguments]));
}
