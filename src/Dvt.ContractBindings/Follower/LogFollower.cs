using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Rpc;

namespace Dvt.ContractBindings.Follower;

/// <summary>
/// Follows a contract's logs to a confirmation depth and hands them, decoded, to a handler, advancing a persisted
/// cursor in the same atomic batch. Each step:
/// <list type="number">
/// <item>reads the headers of the next range's first and last block; if the first one's parent is not the cursor's
/// hash, a reorg happened: walk the remembered hashes back to the common ancestor, let the handler undo, roll back;</item>
/// <item>reads the logs of the range with eth_getLogs (the range halves when the node refuses it as too large);</item>
/// <item>re-reads the last header: if it changed, the chain moved while reading and the step is retried;</item>
/// <item>delivers the logs and advances the cursor in one batch.</item>
/// </list>
/// Polling alone is correct; a WebSocket newHeads subscription only wakes the loop earlier.
/// </summary>
public sealed class LogFollower
{
    private readonly RpcClient rpc;
    private readonly LogFilter filter;
    private readonly ICursorStore store;
    private readonly ILogHandler handler;
    private readonly Func<LogEntry, IContractEvent?> decode;
    private readonly LogFollowerOptions options;
    private readonly SemaphoreSlim wake = new(0, int.MaxValue);
    private ulong range;

    public LogFollower(RpcClient rpc, LogFilter filter, ICursorStore store, ILogHandler handler, Func<LogEntry, IContractEvent?> decode, LogFollowerOptions? options = null)
    {
        this.rpc = rpc;
        this.filter = filter;
        this.store = store;
        this.handler = handler;
        this.decode = decode;
        this.options = options ?? new LogFollowerOptions();
        range = Math.Max(1, this.options.MaxBlockRange);
    }

    /// <summary>The eth_getLogs range the next step will try (after halvings and regrowth).</summary>
    public ulong CurrentBlockRange => range;

    /// <summary>Steps until caught up with head minus the confirmation depth; returns the number of logs handled.</summary>
    public async Task<long> CatchUpAsync(CancellationToken ct = default)
    {
        long handled = 0;
        while (true)
        {
            var step = await StepAsync(ct).ConfigureAwait(false);
            switch (step)
            {
                case FollowStep.Advanced advanced:
                    handled += advanced.Logs;
                    break;
                case FollowStep.CaughtUp:
                    return handled;
            }
        }
    }

    private readonly TaskCompletionSource headsSubscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes once the node has accepted the newHeads subscription of <see cref="RunAsync"/>: from then on a new
    /// block wakes the loop at once rather than at the next poll.
    /// </summary>
    public Task HeadsSubscribed => headsSubscribed.Task;

    /// <summary>Follows until cancelled: catches up, then waits for a new head (subscription, if given) or the poll interval.</summary>
    public async Task RunAsync(RpcClient? webSocket = null, CancellationToken ct = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var listener = webSocket is null ? Task.CompletedTask : ListenForHeadsAsync(webSocket, stop.Token);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await CatchUpAsync(ct).ConfigureAwait(false);
                await wake.WaitAsync(options.PollInterval, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await listener.ConfigureAwait(false);
        }
    }

    private async Task ListenForHeadsAsync(RpcClient webSocket, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var heads = await webSocket.SubscribeNewHeadsAsync(ct).ConfigureAwait(false);
                headsSubscribed.TrySetResult();
                await foreach (var _ in heads.ReadAllAsync(ct).ConfigureAwait(false))
                    wake.Release();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is RpcTransportException or RpcErrorException)
            {
                // The subscription is only a wake-up: polling goes on; try again after a pause.
                try
                {
                    await Task.Delay(options.PollInterval, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One step: a reorg rollback, one delivered range, a retry signal, or caught up.</summary>
    public async Task<FollowStep> StepAsync(CancellationToken ct = default)
    {
        var cursor = await store.LoadCursorAsync(ct).ConfigureAwait(false);
        var head = await rpc.BlockNumberAsync(ct).ConfigureAwait(false);
        if (cursor is { } c && c.Number > head)
            return await RollBackAsync(c, ct).ConfigureAwait(false);
        if (head.Value < options.Confirmations)
            return new FollowStep.CaughtUp(head);
        var target = new BlockNumber(head.Value - options.Confirmations);
        var from = cursor is { } known ? known.Number + 1 : options.StartBlock;
        if (from > target)
        {
            // Nothing new, but the cursor block itself may have been replaced.
            if (cursor is { } current)
            {
                var block = await rpc.GetBlockByNumberAsync(current.Number, ct).ConfigureAwait(false);
                if (block is null || block.Hash != current.Hash)
                    return await RollBackAsync(current, ct).ConfigureAwait(false);
            }
            return new FollowStep.CaughtUp(head);
        }
        var to = new BlockNumber(Math.Min(target.Value, from.Value + range - 1));
        var bounds = await rpc.BatchAsync([
            new RpcRequest("eth_getBlockByNumber", from, false),
            new RpcRequest("eth_getBlockByNumber", to, false),
        ], ct).ConfigureAwait(false);
        var first = Header(bounds[0]);
        var last = Header(bounds[1]);
        if (first is null || last is null)
            return new FollowStep.ChainMoved();
        if (cursor is { } parent && first.ParentHash != parent.Hash)
            return await RollBackAsync(parent, ct).ConfigureAwait(false);

        IReadOnlyList<LogEntry> logs;
        try
        {
            logs = await rpc.GetLogsAsync(filter, from, to, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (IsRangeRefusal(e) && to > from)
        {
            range = Math.Max(1, (to.Value - from.Value + 1) / 2);
            return new FollowStep.ChainMoved();
        }
        var again = await rpc.GetBlockByNumberAsync(to, ct).ConfigureAwait(false);
        if (again is null || again.Hash != last.Hash)
            return new FollowStep.ChainMoved();

        var followed = new List<FollowedLog>(logs.Count);
        foreach (var log in logs.OrderBy(l => l.BlockNumber.Value).ThenBy(l => l.LogIndex))
        {
            if (log.Removed || log.BlockNumber < from || log.BlockNumber > to)
                return new FollowStep.ChainMoved();
            followed.Add(new FollowedLog(log, decode(log)));
        }

        await using (var batch = await store.BeginAsync(ct).ConfigureAwait(false))
        {
            if (followed.Count > 0)
                await handler.HandleAsync(followed, batch, ct).ConfigureAwait(false);
            await batch.RecordBlockAsync(new FollowerCursor(last.Number, last.Hash), ct).ConfigureAwait(false);
            await batch.AdvanceAsync(new FollowerCursor(last.Number, last.Hash), ct).ConfigureAwait(false);
            await batch.CommitAsync(ct).ConfigureAwait(false);
        }
        // Grow back towards the maximum after a successful range.
        range = Math.Min(Math.Max(1, options.MaxBlockRange), range * 2);
        return new FollowStep.Advanced(from, to, followed.Count);
    }

    private async Task<FollowStep> RollBackAsync(FollowerCursor cursor, CancellationToken ct)
    {
        var remembered = await store.RecentBlocksAsync(ct).ConfigureAwait(false);
        FollowerCursor? ancestor = null;
        if (remembered.Count > 0)
        {
            var answers = await rpc.BatchAsync(remembered.Select(b => new RpcRequest("eth_getBlockByNumber", b.Number, false)).ToArray(), ct).ConfigureAwait(false);
            for (var i = 0; i < remembered.Count; i++)
            {
                var onChain = Header(answers[i]);
                if (onChain is not null && onChain.Hash == remembered[i].Hash)
                {
                    ancestor = remembered[i];
                    break;
                }
            }
        }
        if (ancestor is null && remembered.Count >= options.RecentBlocksKept)
            throw new ReorgBeyondHistoryException(cursor, remembered.Count);
        // With fewer remembered blocks than the window, nothing older was ever forgotten: start over from the start block.
        await using (var batch = await store.BeginAsync(ct).ConfigureAwait(false))
        {
            await handler.RollBackAsync(ancestor?.Number, batch, ct).ConfigureAwait(false);
            await batch.RollBackAsync(ancestor, ct).ConfigureAwait(false);
            await batch.CommitAsync(ct).ConfigureAwait(false);
        }
        return new FollowStep.RolledBack(ancestor?.Number);
    }

    private static BlockHeader? Header(RpcResponse response)
    {
        var result = response.GetResultOrThrow();
        return result.ValueKind == System.Text.Json.JsonValueKind.Null ? null : BlockHeader.FromJson(result);
    }

    /// <summary>Node answers meaning "ask for a smaller range" (geth, erigon, anvil, hosted providers word it differently).</summary>
    private static bool IsRangeRefusal(Exception e)
    {
        if (e is RpcTimeoutException)
            return true;
        if (e is not RpcErrorException error)
            return false;
        if (error.Code == -32005)
            return true;
        var message = error.NodeMessage.ToLowerInvariant();
        return message.Contains("too many", StringComparison.Ordinal)
            || message.Contains("range", StringComparison.Ordinal)
            || message.Contains("limit", StringComparison.Ordinal)
            || message.Contains("more than", StringComparison.Ordinal)
            || message.Contains("too large", StringComparison.Ordinal);
    }
}
