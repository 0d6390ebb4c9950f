using Dvt.ContractBindings.Transactions;
using Nethereum.Contracts;

namespace Dvt.ContractBindings.Contracts;

public sealed partial class DvtRegistryContract
{
    /// <summary>The registry's <c>multicall(bytes[])</c> as a sender's bundle entry point for calls to <paramref name="registry"/>.</summary>
    public static CallBundling Bundling(Address registry) =>
        new(registry, calls => new Dto.MulticallFunction { Calls = [.. calls] }.GetCallData());
}
