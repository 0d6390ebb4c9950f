using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Rpc;

namespace Dvt.Coordinator.History;

/// <summary>
/// The low watermarks an imported validator's EIP-3076 history sets, as importValidator published them in the
/// registry's ValidatorImported event: read from the chain at the confirmed block the coordinator acts at, never from a
/// peer or the owner's word. A validator that was not imported (or was imported with no history) sets none.
/// </summary>
public sealed class ImportedHistoryWatermarks(RpcClient rpc, Address registry, BlockNumber registryStartBlock) : ILowWatermarkSource
{
    public bool BoundsTheOriginalKey => true;

    public async Task<ChainWatermark?> WatermarkAsync(KeyReceipt receipt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var validatorTopic = new byte[32];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(validatorTopic.AsSpan(24), receipt.ValidatorId);
        var filter = new LogFilter([registry], [[DvtRegistryContract.ValidatorImportedEvent.Topic0], [new Hash32(validatorTopic)]]);
        var logs = await rpc.GetLogsAsync(filter, registryStartBlock, receipt.At, cancellationToken).ConfigureAwait(false);
        ChainWatermark? watermark = null;
        foreach (var log in logs.Where(l => !l.Removed))
        {
            var imported = DvtRegistryContract.ValidatorImportedEvent.Decode(log);
            if (imported.ValidatorId != receipt.ValidatorId)
                continue; // the node answered for another validator: not evidence about this one
            if (imported.HighestSignedBlockSlot == 0 && imported.HighestSourceEpoch == 0 && imported.HighestTargetEpoch == 0)
                continue;
            watermark = ChainWatermark.Max(watermark, new ChainWatermark(imported.HighestSignedBlockSlot, imported.HighestSourceEpoch,
                imported.HighestTargetEpoch, $"imported history published in block {log.BlockNumber.Value}"));
        }
        return watermark;
    }
}
