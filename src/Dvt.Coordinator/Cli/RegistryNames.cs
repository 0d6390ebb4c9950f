namespace Dvt.Coordinator.Cli;

/// <summary>
/// The registry's wire enums as the words `dvt` prints (tables, --json, decoded reverts). The numeric values are
/// the ones pinned in contracts/src/DvtTypes.sol; an unknown value prints as "unknown(N)" rather than failing a view.
/// </summary>
public static class RegistryNames
{
    private static readonly string[] Modes = ["solo", "3-of-4", "5-of-7", "7-of-10", "9-of-13"];
    private static readonly string[] ValidatorKinds = ["solo", "dvt", "staged"];
    private static readonly string[] ValidatorStatuses = ["none", "requested", "ready", "deposited", "exit-requested", "exited"];
    private static readonly string[] OperatorStatuses = ["none", "active", "exiting", "exited"];
    private static readonly string[] RoundKinds = ["none", "split", "dkg", "reshare"];
    private static readonly string[] RoundStatuses = ["none", "dealing", "acking", "completed", "failed", "aborted"];
    private static readonly string[] FailureReasons = ["none", "complaint", "ack-mismatch", "public-key-mismatch"];

    public static string Mode(byte value) => Pick(Modes, value);

    public static string ValidatorKind(byte value) => Pick(ValidatorKinds, value);

    public static string ValidatorStatus(byte value) => Pick(ValidatorStatuses, value);

    public static string OperatorStatus(byte value) => Pick(OperatorStatuses, value);

    public static string RoundKind(byte value) => Pick(RoundKinds, value);

    public static string RoundStatus(byte value) => Pick(RoundStatuses, value);

    public static string FailureReason(byte value) => Pick(FailureReasons, value);

    /// <summary>The mode's wire value for a name given on the command line (solo, 3-of-4, ...); null when unknown.</summary>
    public static byte? ParseMode(string text)
    {
        var index = Array.IndexOf(Modes, text.Trim().ToLowerInvariant());
        return index < 0 ? null : (byte)index;
    }

    public static IReadOnlyList<string> ModeNames => Modes;

    /// <summary>A value of the Solidity enum named by an ABI internalType ("enum ValidatorStatus"); null for other types.</summary>
    public static string? ForInternalType(string? internalType, byte value)
    {
        if (internalType is null || !internalType.StartsWith("enum ", StringComparison.Ordinal))
            return null;
        var name = internalType[(internalType.LastIndexOf('.') is var dot && dot >= 0 ? dot + 1 : 5)..];
        return name switch
        {
            "ValidatorKind" => ValidatorKind(value),
            "ValidatorStatus" => ValidatorStatus(value),
            "OperatorStatus" => OperatorStatus(value),
            "RoundKind" => RoundKind(value),
            "RoundStatus" => RoundStatus(value),
            "FailureReason" => FailureReason(value),
            "Mode" => Mode(value),
            _ => null,
        };
    }

    private static string Pick(string[] names, byte value) => value < names.Length ? names[value] : $"unknown({value})";
}
