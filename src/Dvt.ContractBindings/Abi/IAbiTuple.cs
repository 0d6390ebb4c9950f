namespace Dvt.ContractBindings.Abi;

/// <summary>A typed struct (generated record) that the encoder can flatten into its components in ABI order.</summary>
public interface IAbiTuple
{
    IReadOnlyList<object?> ToAbiValues();
}
