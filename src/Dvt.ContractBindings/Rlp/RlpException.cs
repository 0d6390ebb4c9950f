namespace Dvt.ContractBindings.Rlp;

/// <summary>Input that is not canonical RLP; the message says where and why.</summary>
public sealed class RlpException(string message) : FormatException(message);
