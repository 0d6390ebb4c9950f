namespace Dvt.Coordinator.Chain;

// Wire values of contracts/src/DvtTypes.sol (pinned there by EnumValues.t.sol, here by RegistryEnumsTests).

public enum ValidatorKind : byte
{
    Solo = 0,
    Dvt = 1,
    Staged = 2,
}

public enum ValidatorStatus : byte
{
    None = 0,
    Requested = 1,
    Ready = 2,
    Deposited = 3,
    ExitRequested = 4,
    Exited = 5,
}

public enum OperatorStatus : byte
{
    None = 0,
    Active = 1,
    Exiting = 2,
    Exited = 3,
}

public enum RoundStatus : byte
{
    None = 0,
    Dealing = 1,
    Acking = 2,
    Completed = 3,
    Failed = 4,
    Aborted = 5,
}
