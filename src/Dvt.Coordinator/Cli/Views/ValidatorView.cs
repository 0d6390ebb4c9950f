namespace Dvt.Coordinator.Cli.Views;

/// <summary>One validator as the registry states it (what `dvt view validators` prints, and its --json shape).</summary>
/// <param name="Mode">What the owner chose: solo, 3-of-4, 5-of-7, 7-of-10 or 9-of-13.</param>
/// <param name="Kind">How the key is held now: solo (owner alone), dvt (shares at the holders), staged (DVT chosen, solo until enough operators).</param>
/// <param name="Status">requested, ready, deposited, exit-requested or exited.</param>
/// <param name="Holders">Operator ids holding the key or its shares; position i holds share index i+1.</param>
/// <param name="PendingExit">An exit was requested and not yet confirmed.</param>
public sealed record ValidatorView(
    ulong Id,
    ulong Owner,
    string Mode,
    string Kind,
    string Status,
    string? PublicKey,
    IReadOnlyList<ulong> Holders,
    string KeyGeneration,
    RoundView? Round,
    string WithdrawalCredentials,
    bool FundsHeld,
    bool PendingExit);
