using System.Text.Json;

namespace Dvt.ContractBindings.Rpc;

/// <summary>Typed eth_* methods; names follow the wire (eth_getLogs -> GetLogsAsync).</summary>
public static class EthRpc
{
    public static async Task<ulong> ChainIdAsync(this RpcClient client, CancellationToken ct = default) =>
        RpcJson.UInt64(await client.RequestAsync("eth_chainId", [], ct).ConfigureAwait(false), "eth_chainId");

    public static async Task<BlockNumber> BlockNumberAsync(this RpcClient client, CancellationToken ct = default) =>
        RpcJson.BlockNumber(await client.RequestAsync("eth_blockNumber", [], ct).ConfigureAwait(false), "eth_blockNumber");

    public static async Task<UInt256> GetBalanceAsync(this RpcClient client, Address address, BlockTag block = default, CancellationToken ct = default) =>
        RpcJson.UInt256(await client.RequestAsync("eth_getBalance", [address, block], ct).ConfigureAwait(false), "eth_getBalance");

    public static async Task<ulong> GetTransactionCountAsync(this RpcClient client, Address address, BlockTag block = default, CancellationToken ct = default) =>
        RpcJson.UInt64(await client.RequestAsync("eth_getTransactionCount", [address, block], ct).ConfigureAwait(false), "eth_getTransactionCount");

    public static async Task<byte[]> GetCodeAsync(this RpcClient client, Address address, BlockTag block = default, CancellationToken ct = default) =>
        RpcJson.Data(await client.RequestAsync("eth_getCode", [address, block], ct).ConfigureAwait(false), "eth_getCode");

    /// <summary>eth_call. A revert surfaces as <see cref="RpcErrorException"/> whose DataBytes hold the revert data.</summary>
    public static async Task<byte[]> CallAsync(this RpcClient client, CallRequest call, BlockTag block = default, CancellationToken ct = default) =>
        RpcJson.Data(await client.RequestAsync("eth_call", [call.ToJson(), block], ct).ConfigureAwait(false), "eth_call");

    public static async Task<ulong> EstimateGasAsync(this RpcClient client, CallRequest call, CancellationToken ct = default) =>
        RpcJson.UInt64(await client.RequestAsync("eth_estimateGas", [call.ToJson()], ct).ConfigureAwait(false), "eth_estimateGas");

    public static async Task<UInt256> MaxPriorityFeePerGasAsync(this RpcClient client, CancellationToken ct = default) =>
        RpcJson.UInt256(await client.RequestAsync("eth_maxPriorityFeePerGas", [], ct).ConfigureAwait(false), "eth_maxPriorityFeePerGas");

    public static async Task<Hash32> SendRawTransactionAsync(this RpcClient client, byte[] raw, CancellationToken ct = default) =>
        RpcJson.Hash(await client.RequestAsync("eth_sendRawTransaction", [raw], ct).ConfigureAwait(false), "eth_sendRawTransaction");

    public static async Task<TransactionReceipt?> GetTransactionReceiptAsync(this RpcClient client, Hash32 hash, CancellationToken ct = default)
    {
        var result = await client.RequestAsync("eth_getTransactionReceipt", [hash], ct).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : TransactionReceipt.FromJson(result);
    }

    public static async Task<BlockHeader?> GetBlockByNumberAsync(this RpcClient client, BlockTag block, CancellationToken ct = default)
    {
        var result = await client.RequestAsync("eth_getBlockByNumber", [block, false], ct).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : BlockHeader.FromJson(result);
    }

    public static async Task<BlockHeader?> GetBlockByHashAsync(this RpcClient client, Hash32 hash, CancellationToken ct = default)
    {
        var result = await client.RequestAsync("eth_getBlockByHash", [hash, false], ct).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : BlockHeader.FromJson(result);
    }

    /// <summary>Block headers for a range in one batch (null where the node has no such block).</summary>
    public static async Task<BlockHeader?[]> GetBlocksByNumberAsync(this RpcClient client, BlockNumber from, BlockNumber to, CancellationToken ct = default)
    {
        var requests = new List<RpcRequest>();
        for (var n = from.Value; n <= to.Value; n++)
            requests.Add(new RpcRequest("eth_getBlockByNumber", new BlockNumber(n), false));
        var answers = await client.BatchAsync(requests, ct).ConfigureAwait(false);
        return answers.Select(a =>
        {
            var r = a.GetResultOrThrow();
            return r.ValueKind == JsonValueKind.Null ? null : BlockHeader.FromJson(r);
        }).ToArray();
    }

    public static async Task<IReadOnlyList<LogEntry>> GetLogsAsync(this RpcClient client, LogFilter filter, BlockNumber from, BlockNumber to, CancellationToken ct = default)
    {
        var result = await client.RequestAsync("eth_getLogs", [filter.ToJson(from, to)], ct).ConfigureAwait(false);
        if (result.ValueKind != JsonValueKind.Array)
            throw new FormatException($"eth_getLogs: expected an array, got {result.ValueKind}");
        var logs = new LogEntry[result.GetArrayLength()];
        var i = 0;
        foreach (var log in result.EnumerateArray())
            logs[i++] = LogEntry.FromJson(log);
        return logs;
    }

    /// <summary>eth_subscribe("newHeads"); needs a WebSocket transport.</summary>
    public static Task<RpcSubscription<BlockHeader>> SubscribeNewHeadsAsync(this RpcClient client, CancellationToken ct = default) =>
        RpcSubscription<BlockHeader>.OpenAsync(client, ["newHeads"], BlockHeader.FromJson, ct);

    /// <summary>eth_subscribe("logs", filter); needs a WebSocket transport.</summary>
    public static Task<RpcSubscription<LogEntry>> SubscribeLogsAsync(this RpcClient client, LogFilter filter, CancellationToken ct = default) =>
        RpcSubscription<LogEntry>.OpenAsync(client, ["logs", filter.ToJson(null, null)], LogEntry.FromJson, ct);
}
