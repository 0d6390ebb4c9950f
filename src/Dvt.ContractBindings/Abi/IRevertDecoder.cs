namespace Dvt.ContractBindings.Abi;

/// <summary>Turns the revert data of a failed call into an exception (generated bindings return their typed errors).</summary>
public interface IRevertDecoder
{
    ContractRevertException DecodeRevert(ReadOnlySpan<byte> revertData);
}
