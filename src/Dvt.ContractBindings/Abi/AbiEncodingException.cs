namespace Dvt.ContractBindings.Abi;

/// <summary>A value that does not fit its ABI type (wrong C# type, out of range, wrong length).</summary>
public sealed class AbiEncodingException(string message) : ArgumentException(message);
