namespace Dvt.ContractBindings.Abi;

/// <summary>A named input, output, event field or tuple component.</summary>
/// <param name="InternalType">Solidity's internalType, e.g. "struct DvtRegistry.Round" or "enum DvtRegistry.Mode"; used by the binding generator.</param>
public sealed record AbiParameter(string Name, AbiType Type, bool Indexed = false, string? InternalType = null);
