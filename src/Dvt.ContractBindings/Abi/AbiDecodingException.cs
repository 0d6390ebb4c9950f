namespace Dvt.ContractBindings.Abi;

/// <summary>Bytes that are not a valid ABI encoding of the expected types; the message names the offset.</summary>
public sealed class AbiDecodingException(string message) : FormatException(message);
