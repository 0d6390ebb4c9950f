namespace Dvt.Coordinator.Cli.Views;

/// <summary>The registry's whole state at one block, read from the chain alone.</summary>
public sealed record RegistrySnapshot(
    ulong ChainId,
    string Registry,
    ulong Block,
    int ActiveOperators,
    IReadOnlyList<OperatorView> Operators,
    IReadOnlyList<ValidatorView> Validators);
