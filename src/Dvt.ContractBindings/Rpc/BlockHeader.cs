using System.Text.Json;

namespace Dvt.ContractBindings.Rpc;

/// <summary>The parts of a block the client uses: identity, parent link, time and base fee.</summary>
public sealed record BlockHeader(BlockNumber Number, Hash32 Hash, Hash32 ParentHash, ulong Timestamp, UInt256? BaseFeePerGas)
{
    public static BlockHeader FromJson(JsonElement block) => new(
        RpcJson.BlockNumber(RpcJson.Field(block, "number"), "number"),
        RpcJson.Hash(RpcJson.Field(block, "hash"), "hash"),
        RpcJson.Hash(RpcJson.Field(block, "parentHash"), "parentHash"),
        RpcJson.UInt64(RpcJson.Field(block, "timestamp"), "timestamp"),
        block.TryGetProperty("baseFeePerGas", out var fee) && fee.ValueKind == JsonValueKind.String
            ? RpcJson.UInt256(fee, "baseFeePerGas")
            : null);
}
