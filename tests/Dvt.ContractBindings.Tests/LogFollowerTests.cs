using Dvt.ContractBindings.Follower;
using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Transactions;
using Dvt.TestSupport;

namespace Dvt.ContractBindings.Tests;

public sealed class LogFollowerTests(AnvilProcess anvil) : AnvilSnapshotTests(anvil)
{
    private static readonly Hash32 Topic = Keccak256.HashToHash32("Ping(uint256)"u8);
    private readonly string folder = Directory.CreateTempSubdirectory("dvt-follower-").FullName;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Emits <paramref name="perBlock"/> logs in each of <paramref name="blocks"/> blocks, payload = block ordinal.</summary>
    private async Task<(Address Emitter, BlockNumber Start)> HistoryAsync(int blocks, int perBlock)
    {
        var emitter = await TestChain.DeployAsync(Rpc, EvmSnippets.LogEmitter(1));
        var start = await Rpc.BlockNumberAsync();
        var sender = await TestChain.SenderAsync(Rpc, account: 6);
        var sent = new List<SignedTransaction>();
        for (var i = 0; i < blocks; i++)
        {
            var data = new byte[96];
            new UInt256((ulong)perBlock).WriteBigEndian(data.AsSpan(0, 32));
            Topic.Bytes.CopyTo(data.AsSpan(32));
            new UInt256((ulong)i).WriteBigEndian(data.AsSpan(64, 32));
            sent.Add(await sender.SubmitAsync(new TransactionRequest(emitter, data, GasLimit: 100_000 + (ulong)perBlock * 2_000)));
        }
        foreach (var s in sent)
            Assert.True((await sender.WaitForReceiptAsync(s.Hash, CancellationToken.None)).Succeeded);
        return (emitter, start);
    }

    private static LogFollowerOptions Options(BlockNumber start, ulong range = 2000) => new()
    {
        Confirmations = 0,
        StartBlock = start,
        MaxBlockRange = range,
        PollInterval = TimeSpan.FromMilliseconds(100),
    };

    [Fact]
    public async Task Catches_up_and_delivers_every_log_once_in_chain_order()
    {
        var (emitter, start) = await HistoryAsync(blocks: 20, perBlock: 3);
        var handler = new RecordingHandler();
        await using var store = await SqliteCursorStore.OpenAsync(Path.Combine(folder, "f.db"), "ping");
        var follower = new LogFollower(Rpc, new LogFilter([emitter]), store, handler, _ => null, Options(start, range: 7));
        Assert.Equal(60, await follower.CatchUpAsync());
        Assert.Equal(60, handler.Deliveries);
        var all = await Rpc.GetLogsAsync(new LogFilter([emitter]), start, await Rpc.BlockNumberAsync());
        Assert.Equal(all.Select(l => (l.BlockHash, l.LogIndex)), handler.Logs.Select(l => (l.BlockHash, l.LogIndex)));
        var cursor = await store.LoadCursorAsync(CancellationToken.None);
        Assert.Equal(await Rpc.BlockNumberAsync(), cursor!.Value.Number);
        Assert.Equal(0, await follower.CatchUpAsync());
    }

    [Fact]
    public async Task Confirmation_depth_holds_back_the_newest_blocks()
    {
        var (emitter, start) = await HistoryAsync(blocks: 5, perBlock: 1);
        var handler = new RecordingHandler();
        var store = new FileCursorStore(Path.Combine(folder, "cursor.json"));
        var follower = new LogFollower(Rpc, new LogFilter([emitter]), store, handler, _ => null, Options(start) with { Confirmations = 2 });
        Assert.Equal(3, await follower.CatchUpAsync());
        await Rpc.MineAsync(2);
        Assert.Equal(2, await follower.CatchUpAsync());
        Assert.Equal(5, handler.Logs.Count);
    }

    [Fact]
    public async Task A_reorg_rolls_back_to_the_common_ancestor_and_follows_the_new_chain()
    {
        var (emitter, start) = await HistoryAsync(blocks: 6, perBlock: 2);
        var handler = new RecordingHandler();
        await using var store = await SqliteCursorStore.OpenAsync(Path.Combine(folder, "r.db"), "ping");
        var follower = new LogFollower(Rpc, new LogFilter([emitter]), store, handler, _ => null, Options(start, range: 2));
        Assert.Equal(12, await follower.CatchUpAsync());
        var head = await Rpc.BlockNumberAsync();

        // The last 3 blocks are replaced by empty ones of the same height, then new events follow.
        await Rpc.ReorgAsync(3);
        Assert.Equal(head, await Rpc.BlockNumberAsync());
        var receipt = await TestChain.EmitAsync(Rpc, emitter, Topic, count: 4, payload: new byte[32]);

        await follower.CatchUpAsync();
        Assert.True(handler.Rollbacks >= 1);
        var canonical = await Rpc.GetLogsAsync(new LogFilter([emitter]), start, await Rpc.BlockNumberAsync());
        Assert.Equal(6 + 4, canonical.Count);
        Assert.Equal(canonical.Select(l => (l.BlockHash, l.LogIndex)), handler.Logs.Select(l => (l.BlockHash, l.LogIndex)));
        Assert.Contains(handler.Logs, l => l.BlockHash == receipt.BlockHash);
    }

    [Fact]
    public async Task A_rollback_below_the_cursor_is_detected_without_new_blocks()
    {
        var (emitter, start) = await HistoryAsync(blocks: 4, perBlock: 1);
        var handler = new RecordingHandler();
        var store = new FileCursorStore(Path.Combine(folder, "rollback.json"));
        var follower = new LogFollower(Rpc, new LogFilter([emitter]), store, handler, _ => null, Options(start, range: 1));
        Assert.Equal(4, await follower.CatchUpAsync());
        await Rpc.RollbackAsync(2);
        await follower.CatchUpAsync();
        Assert.Equal(2, handler.Logs.Count);
        var cursor = await store.LoadCursorAsync(CancellationToken.None);
        Assert.Equal(await Rpc.BlockNumberAsync(), cursor!.Value.Number);
    }

    [Fact]
    public async Task The_range_halves_when_the_node_refuses_it()
    {
        var (emitter, start) = await HistoryAsync(blocks: 12, perBlock: 1);
        var limiting = new RangeLimitingTransport(new HttpRpcTransport(Anvil.HttpUrl), maxBlocks: 3);
        await using var limited = new RpcClient(limiting);
        var handler = new RecordingHandler();
        var follower = new LogFollower(limited, new LogFilter([emitter]), new FileCursorStore(Path.Combine(folder, "halving.json")), handler, _ => null, Options(start, range: 64));
        Assert.Equal(12, await follower.CatchUpAsync());
        Assert.True(limiting.Refusals >= 4, $"expected refusals while halving 64 -> 2, saw {limiting.Refusals}");
        Assert.Equal(12, handler.Logs.Count);
    }

    [Fact]
    public async Task Crashes_and_restarts_at_random_points_end_with_exactly_the_clean_pass()
    {
        var (emitter, start) = await HistoryAsync(blocks: 60, perBlock: 5);
        var head = await Rpc.BlockNumberAsync();
        var expected = (await Rpc.GetLogsAsync(new LogFilter([emitter]), start, head))
            .Select(l => (l.BlockHash.ToString(), (long)l.LogIndex, (long)l.BlockNumber.Value)).ToList();
        Assert.Equal(300, expected.Count);

        var database = Path.Combine(folder, "crash.db");
        var random = new Random(1234);
        var restarts = 0;
        while (true)
        {
            // Each round is a fresh "process": new connection, new follower, state only from the database.
            await using var store = await SqliteCursorStore.OpenAsync(database, "ping");
            await SqliteEffectHandler.CreateTableAsync(store.Connection);
            var crashAfter = random.Next(1, 60);
            var written = 0;
            var handler = new SqliteEffectHandler(() => ++written == crashAfter);
            var follower = new LogFollower(Rpc, new LogFilter([emitter]), store, handler, _ => null, Options(start, range: (ulong)random.Next(1, 9)));
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(5, 60)));
            try
            {
                await follower.CatchUpAsync(cancel.Token);
                var cursor = await store.LoadCursorAsync(CancellationToken.None);
                if (cursor?.Number == head)
                    break;
            }
            catch (Exception e) when (e is SimulatedCrashException or OperationCanceledException)
            {
                restarts++;
            }
            Assert.True(restarts < 500, "the follower makes no progress across restarts");
        }
        Assert.True(restarts >= 3, $"the test should interrupt the follower several times, got {restarts}");
        await using var check = await SqliteCursorStore.OpenAsync(database, "ping");
        Assert.Equal(expected, await SqliteEffectHandler.ReadAsync(check.Connection));
    }

    [Fact]
    public async Task A_follower_process_killed_at_random_moments_ends_with_exactly_the_clean_pass()
    {
        var (emitter, start) = await HistoryAsync(blocks: 150, perBlock: 2);
        var head = await Rpc.BlockNumberAsync();
        var expected = (await Rpc.GetLogsAsync(new LogFilter([emitter]), start, head))
            .Select(l => (l.BlockHash.ToString(), (long)l.LogIndex, (long)l.BlockNumber.Value)).ToList();
        var database = Path.Combine(folder, "killed.db");
        var random = new Random(42);
        var kills = 0;
        while (true)
        {
            using var child = FollowerChildProcess.Start(Anvil.HttpUrl, emitter, start, database, range: (ulong)random.Next(1, 3));
            var stderr = child.StandardError.ReadToEndAsync();
            if (kills < 6)
            {
                // Let it commit a few steps, then start one more and kill it (SIGKILL, no cleanup) 0-3 ms into it:
                // before, during or after the step's SQLite transaction.
                var steps = random.Next(0, 6);
                for (var i = 0; i < steps; i++)
                {
                    await child.StandardInput.WriteLineAsync("go");
                    await child.StandardInput.FlushAsync();
                    Assert.Equal("step", await child.StandardOutput.ReadLineAsync());
                }
                await child.StandardInput.WriteLineAsync("go");
                await child.StandardInput.FlushAsync();
                await Task.Delay(random.Next(0, 4));
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync();
                kills++;
                continue;
            }
            child.StandardInput.Close();
            await child.WaitForExitAsync();
            Assert.True(child.ExitCode == 0, $"follower process failed: {await stderr}");
            break;
        }
        await using var check = await SqliteCursorStore.OpenAsync(database, "ping");
        Assert.Equal(expected, await SqliteEffectHandler.ReadAsync(check.Connection));
        Assert.Equal(head, (await check.LoadCursorAsync(CancellationToken.None))!.Value.Number);
        Assert.Equal(6, kills);
    }

    [Fact]
    public async Task Run_loop_wakes_on_new_heads_from_a_websocket_subscription()
    {
        var (emitter, start) = await HistoryAsync(blocks: 1, perBlock: 1);
        await using var ws = RpcClient.ForUrl(Anvil.WebSocketUrl);
        var handler = new RecordingHandler();
        var follower = new LogFollower(Rpc, new LogFilter([emitter]), new FileCursorStore(Path.Combine(folder, "ws.json")), handler, _ => null,
            Options(start) with { PollInterval = TimeSpan.FromMinutes(5) });
        using var stop = new CancellationTokenSource();
        var running = follower.RunAsync(ws, stop.Token);
        await WaitUntil(() => handler.Logs.Count == 1);
        await follower.HeadsSubscribed.WaitAsync(TimeSpan.FromSeconds(15)); // blocks mined before it would wake nobody
        await TestChain.EmitAsync(Rpc, emitter, Topic, count: 2, payload: new byte[32]);
        // The poll interval is five minutes: only the newHeads wake-up can deliver these in time.
        await WaitUntil(() => handler.Logs.Count == 3);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(20);
        }
    }
}
