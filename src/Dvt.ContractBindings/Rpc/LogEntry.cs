using System.Text.Json;

namespace Dvt.ContractBindings.Rpc;

/// <summary>A log as eth_getLogs and receipts return it. (BlockHash, LogIndex) identifies it across re-deliveries.</summary>
public sealed record LogEntry(
    Address Address,
    IReadOnlyList<Hash32> Topics,
    byte[] Data,
    BlockNumber BlockNumber,
    Hash32 BlockHash,
    Hash32 TransactionHash,
    ulong TransactionIndex,
    ulong LogIndex,
    bool Removed)
{
    public static LogEntry FromJson(JsonElement log) => new(
        RpcJson.Address(RpcJson.Field(log, "address"), "address"),
        RpcJson.Field(log, "topics").EnumerateArray().Select((t, i) => RpcJson.Hash(t, $"topics[{i}]")).ToArray(),
        RpcJson.Data(RpcJson.Field(log, "data"), "data"),
        RpcJson.BlockNumber(RpcJson.Field(log, "blockNumber"), "blockNumber"),
        RpcJson.Hash(RpcJson.Field(log, "blockHash"), "blockHash"),
        RpcJson.Hash(RpcJson.Field(log, "transactionHash"), "transactionHash"),
        RpcJson.UInt64(RpcJson.Field(log, "transactionIndex"), "transactionIndex"),
        RpcJson.UInt64(RpcJson.Field(log, "logIndex"), "logIndex"),
        log.TryGetProperty("removed", out var removed) && removed.ValueKind == JsonValueKind.True);
}
