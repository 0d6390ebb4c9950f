namespace Dvt.ContractBindings.Abi;

/// <summary>A call or transaction reverted. <see cref="RevertData"/> holds the raw bytes the contract returned.</summary>
public class ContractRevertException(string message, byte[] revertData) : Exception(message)
{
    public byte[] RevertData { get; } = revertData;

    /// <summary>The transaction hash when the revert happened in a mined transaction.</summary>
    public Hash32? TransactionHash { get; internal set; }
}

/// <summary>require(cond, "reason") or revert("reason"): Error(string).</summary>
public sealed class ContractRevertedWithReasonException(string reason, byte[] revertData)
    : ContractRevertException($"execution reverted: {reason}", revertData)
{
    public string Reason { get; } = reason;
}

/// <summary>A Solidity panic (assert, overflow, division by zero, ...): Panic(uint256).</summary>
public sealed class ContractPanicException(UInt256 code, byte[] revertData)
    : ContractRevertException($"execution panicked with code 0x{code.Value:x2} ({Describe(code)})", revertData)
{
    public UInt256 Code { get; } = code;

    private static string Describe(UInt256 code) => (ulong)(code.Value & ulong.MaxValue) switch
    {
        0x01 => "assertion failed",
        0x11 => "arithmetic overflow or underflow",
        0x12 => "division or modulo by zero",
        0x21 => "invalid enum value",
        0x22 => "bad storage byte array encoding",
        0x31 => "pop on empty array",
        0x32 => "array index out of bounds",
        0x41 => "out of memory",
        0x51 => "call to a zero-initialized function",
        _ => "unknown panic code",
    };
}

/// <summary>A custom error from the contract's ABI; generated bindings derive a typed class per error.</summary>
public class ContractCustomErrorException(AbiError error, object?[] values, byte[] revertData)
    : ContractRevertException($"execution reverted with {error.Name}({string.Join(", ", values.Select(AbiValueText.Format))})", revertData)
{
    public AbiError Error { get; } = error;

    public IReadOnlyList<object?> Values { get; } = values;
}
