using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Rpc;

namespace Dvt.Coordinator.History;

/// <summary>
/// The low watermarks an imported validator's EIP-3076 history sets, as importValidator published them in the
/// registry's ValidatorImported event: read from the chain at the confirmed block the coordinator acts at, never from a
/// peer or the owner's word. A validator that was not imported (or was imported with no history) sets none.
/// <para>
/// The events are scanned once, forward: each receipt reads only the blocks after the last one scanned (a full-range
/// eth_getLogs per receipt made N validators cost N scans of the whole chain). The scan is tied to the hash of the
/// last block it read, checked on every use: a reorganised chain is scanned again from the registry's start block.
/// </para>
/// </summary>
public sealed class ImportedHistoryWatermarks(RpcClient rpc, Address registry, BlockNumber registryStartBlock) : ILowWatermarkSource
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<ulong, List<(BlockNumber Block, ChainWatermark Watermark)>> imported = [];
    private BlockHeader? scannedTo;

    public bool BoundsTheOriginalKey => true;

    public async Task<ChainWatermark?> WatermarkAsync(KeyReceipt receipt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (scannedTo is { } last)
            {
                var now = await rpc.GetBlockByNumberAsync(BlockTag.At(last.Number), cancellationToken).ConfigureAwait(false);
                if (now is null || now.Hash != last.Hash)
                {
                    imported.Clear();
                    scannedTo = null;
                }
            }
            if (scannedTo is null || scannedTo.Number.Value < receipt.At.Value)
                await ScanAsync(scannedTo is null ? registryStartBlock : new BlockNumber(scannedTo.Number.Value + 1), receipt.At, cancellationToken).ConfigureAwait(false);
            ChainWatermark? watermark = null;
            if (imported.TryGetValue(receipt.ValidatorId, out var found))
            {
                foreach (var (block, mark) in found)
                {
                    if (block.Value <= receipt.At.Value)
                        watermark = ChainWatermark.Max(watermark, mark);
                }
            }
            return watermark;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task ScanAsync(BlockNumber from, BlockNumber to, CancellationToken cancellationToken)
    {
        // The header first: logs read after it belong to it or to a chain the next use's hash check rejects.
        var header = await rpc.GetBlockByNumberAsync(BlockTag.At(to), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"block {to.Value} is not known to the node");
        var filter = new LogFilter([registry], [[DvtRegistryContract.ValidatorImportedEvent.Topic0]]);
        var logs = await rpc.GetLogsAsync(filter, from, to, cancellationToken).ConfigureAwait(false);
        foreach (var log in logs.Where(l => !l.Removed))
        {
            var e = DvtRegistryContract.ValidatorImportedEvent.Decode(log);
            if (e.HighestSignedBlockSlot == 0 && e.HighestSourceEpoch == 0 && e.HighestTargetEpoch == 0)
                continue;
            if (!imported.TryGetValue(e.ValidatorId, out var list))
                imported[e.ValidatorId] = list = [];
            list.Add((log.BlockNumber, new ChainWatermark(e.HighestSignedBlockSlot, e.HighestSourceEpoch, e.HighestTargetEpoch,
                $"imported history published in block {log.BlockNumber.Value}")));
        }
        scannedTo = header;
    }
}
