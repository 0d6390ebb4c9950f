using Dvt.ContractBindings;
using Dvt.ContractBindings.Rpc;
using Dvt.Coordinator.Chain;

namespace Dvt.Coordinator.History;

/// <summary>
/// The watermark of a key receipt from the chain time it happened at: the timestamp of the block holding the round's
/// RoundCompleted (or the validator's return to solo), mapped to a slot and epoch by the network's genesis time.
/// When the follower did not record that event (state written by an older coordinator), the confirmed block the
/// coordinator acts at is used instead: later than the receipt, so safe, at the cost of the duties in between.
/// </summary>
public sealed class CustodyChangeWatermarks(CoordinatorState state, RpcClient rpc, ChainClock? clock) : ILowWatermarkSource
{
    public async Task<ChainWatermark?> WatermarkAsync(KeyReceipt receipt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        if (clock is null)
            throw new InvalidOperationException(
                $"validator {receipt.ValidatorId}: genesisTime is not configured, so the chain time at which this holder received its key cannot be known; "
                + "it will not sign for the validator (set genesisTime, and secondsPerSlot when not 12, in the config)");
        var recorded = state.CustodyChange(receipt.ValidatorId, receipt.Round);
        var block = recorded ?? receipt.At;
        var header = await rpc.GetBlockByNumberAsync(BlockTag.At(block), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"block {block.Value} is not known to the node");
        var what = receipt.Round == 0 ? "returned to solo" : $"round {receipt.Round} completed";
        return clock.WatermarkAt(header.Timestamp,
            recorded is null ? $"{what} at or before block {block.Value} (time {header.Timestamp})" : $"{what} in block {block.Value} (time {header.Timestamp})");
    }
}
