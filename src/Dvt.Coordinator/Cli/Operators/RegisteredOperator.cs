using Dvt.ContractBindings.Contracts;
using Dvt.Coordinator.Keys;

namespace Dvt.Coordinator.Cli.Operators;

/// <summary>A registered operator as a command sees it: its id, its keys (disposed with it) and the registry sending from its account.</summary>
public sealed class RegisteredOperator(ulong id, OperatorKeyStore keys, DvtRegistryContract registry) : IDisposable
{
    public ulong Id { get; } = id;

    public OperatorKeyStore Keys { get; } = keys;

    public DvtRegistryContract Registry { get; } = registry;

    public void Dispose() => Keys.Dispose();
}
