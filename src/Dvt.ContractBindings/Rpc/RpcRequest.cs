namespace Dvt.ContractBindings.Rpc;

/// <summary>A method and its positional parameters (strings, numbers, bools, null, arrays, dictionaries, JsonNodes).</summary>
public sealed record RpcRequest(string Method, params object?[] Parameters);
