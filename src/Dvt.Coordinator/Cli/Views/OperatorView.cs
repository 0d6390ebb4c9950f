namespace Dvt.Coordinator.Cli.Views;

/// <summary>One operator as the registry states it (what `dvt view operators` prints, and its --json shape).</summary>
/// <param name="OwnedValidators">Live validators this operator requested and owns (solo, staged or DVT).</param>
/// <param name="SharesOfOthers">Validators owned by other operators of which it holds a share.</param>
/// <param name="HeldValidators">Every live validator it holds a key or a share of.</param>
/// <param name="ExitBacklog">For an exiting operator, validators still to be handed over (0 otherwise).</param>
public sealed record OperatorView(
    ulong Id,
    string Owner,
    string Status,
    string Endpoint,
    string ShareEncryptionKey,
    uint OwnedValidators,
    uint SharesOfOthers,
    string HeldValidators,
    string ExitBacklog);
