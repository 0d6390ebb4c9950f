using System.Text.Json;

namespace Dvt.ContractBindings.Rpc;

/// <summary>A mined transaction's outcome.</summary>
public sealed record TransactionReceipt(
    Hash32 TransactionHash,
    BlockNumber BlockNumber,
    Hash32 BlockHash,
    Address From,
    Address? To,
    Address? ContractAddress,
    bool Succeeded,
    ulong GasUsed,
    UInt256 EffectiveGasPrice,
    IReadOnlyList<LogEntry> Logs)
{
    public static TransactionReceipt FromJson(JsonElement receipt) => new(
        RpcJson.Hash(RpcJson.Field(receipt, "transactionHash"), "transactionHash"),
        RpcJson.BlockNumber(RpcJson.Field(receipt, "blockNumber"), "blockNumber"),
        RpcJson.Hash(RpcJson.Field(receipt, "blockHash"), "blockHash"),
        RpcJson.Address(RpcJson.Field(receipt, "from"), "from"),
        RpcJson.OptionalAddress(receipt, "to"),
        RpcJson.OptionalAddress(receipt, "contractAddress"),
        RpcJson.UInt64(RpcJson.Field(receipt, "status"), "status") == 1,
        RpcJson.UInt64(RpcJson.Field(receipt, "gasUsed"), "gasUsed"),
        RpcJson.UInt256(RpcJson.Field(receipt, "effectiveGasPrice"), "effectiveGasPrice"),
        RpcJson.Field(receipt, "logs").EnumerateArray().Select(LogEntry.FromJson).ToArray());
}
