using Dvt.ContractBindings.Rpc;

namespace Dvt.ContractBindings.Transactions;

/// <summary>
/// How much to offer: maxFeePerGas = baseFee * BaseFeeMultiplier + tip. Doubling the base fee keeps a
/// transaction valid through six consecutive full blocks (each may raise the base fee by 12.5 %).
/// The tip is fixed when <see cref="PriorityFee"/> is set, else the node's eth_maxPriorityFeePerGas.
/// </summary>
public sealed record FeePolicy
{
    public ulong BaseFeeMultiplier { get; init; } = 2;

    public UInt256? PriorityFee { get; init; } = UInt256.Gwei(1);

    /// <summary>Refuse to offer more than this per gas (protects against a runaway base fee).</summary>
    public UInt256 MaxFeeCap { get; init; } = UInt256.Gwei(1000);

    public async Task<(UInt256 MaxFeePerGas, UInt256 MaxPriorityFeePerGas)> ComputeAsync(RpcClient rpc, CancellationToken ct)
    {
        var latest = await rpc.GetBlockByNumberAsync(BlockTag.Latest, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{rpc.Endpoint} has no latest block");
        var baseFee = latest.BaseFeePerGas
            ?? throw new InvalidOperationException($"{rpc.Endpoint}: latest block {latest.Number} has no base fee (pre-London chain?)");
        var tip = PriorityFee ?? await rpc.MaxPriorityFeePerGasAsync(ct).ConfigureAwait(false);
        var maxFee = new UInt256(baseFee.Value * BaseFeeMultiplier + tip.Value);
        if (maxFee > MaxFeeCap)
            throw new InvalidOperationException($"fee {maxFee} wei/gas (base fee {baseFee}) exceeds the cap {MaxFeeCap}");
        return (maxFee, tip);
    }
}
