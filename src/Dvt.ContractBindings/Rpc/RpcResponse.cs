using System.Text.Json;

namespace Dvt.ContractBindings.Rpc;

/// <summary>One answer of a batch: a result or the node's error.</summary>
public sealed record RpcResponse(string Method, JsonElement? Result, RpcErrorException? Error)
{
    public JsonElement GetResultOrThrow() => Error is not null ? throw Error : Result!.Value;
}
