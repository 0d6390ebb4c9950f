namespace Dvt.Coordinator.Cli.Views;

/// <summary>The registry's whole state at one block, read from the chain alone (the CLI views and the dashboard print it; not to be confused with Chain.RegistrySnapshot, the lazy reader the stages use).</summary>
public sealed record RegistryContents(
    ulong ChainId,
    string Registry,
    ulong Block,
    int ActiveOperators,
    IReadOnlyList<OperatorView> Operators,
    IReadOnlyList<ValidatorView> Validators);
