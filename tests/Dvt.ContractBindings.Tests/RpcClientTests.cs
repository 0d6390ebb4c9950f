using Dvt.ContractBindings.Rpc;
using Dvt.TestSupport;

namespace Dvt.ContractBindings.Tests;

public sealed class RpcClientTests(AnvilProcess anvil) : IClassFixture<AnvilProcess>
{
    private static readonly RpcClientOptions FastRetries = new()
    {
        MaxRetries = 2,
        InitialBackoff = TimeSpan.FromMilliseconds(10),
        RequestTimeout = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task Reads_chain_id_and_head_over_http_and_websocket()
    {
        await using var http = RpcClient.ForUrl(anvil.HttpUrl);
        await using var ws = RpcClient.ForUrl(anvil.WebSocketUrl);
        Assert.Equal(AnvilProcess.ChainId, await http.ChainIdAsync());
        Assert.Equal(AnvilProcess.ChainId, await ws.ChainIdAsync());
        Assert.Equal(await http.BlockNumberAsync(), await ws.BlockNumberAsync());
        var balance = await http.GetBalanceAsync(Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
        Assert.True(balance > UInt256.Ether(1000));
    }

    [Fact]
    public async Task A_batch_returns_each_result_or_error_in_request_order()
    {
        foreach (var url in new[] { anvil.HttpUrl, anvil.WebSocketUrl })
        {
            await using var rpc = RpcClient.ForUrl(url);
            var answers = await rpc.BatchAsync([
                new RpcRequest("eth_chainId"),
                new RpcRequest("no_such_method"),
                new RpcRequest("eth_blockNumber"),
            ]);
            Assert.Equal(3, answers.Count);
            Assert.Equal("0x7a69", answers[0].GetResultOrThrow().GetString());
            var error = Assert.Throws<RpcErrorException>(() => answers[1].GetResultOrThrow());
            Assert.InRange(error.Code, -32699, -32600); // anvil answers -32602 for an unknown method, geth -32601
            Assert.Contains("no_such_method", error.Message);
            Assert.NotNull(answers[2].Result);
        }
    }

    [Fact]
    public async Task Node_errors_carry_code_and_url_and_are_not_retried()
    {
        var counting = new CountingTransport(new HttpRpcTransport(anvil.HttpUrl), failures: 0);
        await using var rpc = new RpcClient(counting, FastRetries);
        var error = await Assert.ThrowsAsync<RpcErrorException>(() => rpc.RequestAsync("eth_getBalance", ["not-an-address", "latest"]));
        Assert.Equal(1, counting.Calls);
        Assert.Contains(anvil.HttpUrl.ToString(), error.Message);
        Assert.Contains("eth_getBalance", error.Message);
        Assert.NotEqual(0, error.Code);
    }

    [Fact]
    public async Task Transient_transport_failures_are_retried_then_succeed()
    {
        var counting = new CountingTransport(new HttpRpcTransport(anvil.HttpUrl), failures: 2);
        await using var rpc = new RpcClient(counting, FastRetries);
        Assert.Equal(AnvilProcess.ChainId, await rpc.ChainIdAsync());
        Assert.Equal(3, counting.Calls);
    }

    [Fact]
    public async Task A_node_that_is_down_gives_a_typed_error_naming_url_and_method()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var url = new Uri($"http://127.0.0.1:{port}");
        await using var rpc = RpcClient.ForUrl(url, FastRetries);
        var error = await Assert.ThrowsAsync<RpcTransportException>(() => rpc.BlockNumberAsync());
        Assert.Contains(url.ToString(), error.Message);
        Assert.Contains("eth_blockNumber", error.Message);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Garbage_answers_are_transport_errors_and_not_retried()
    {
        await using var server = new FakeHttpServer(FakeHttpServer.Http(200, "<html>hello</html>"));
        await using var rpc = RpcClient.ForUrl(server.Url, FastRetries);
        var error = await Assert.ThrowsAsync<RpcTransportException>(() => rpc.ChainIdAsync());
        Assert.Contains("not JSON", error.Message);
        Assert.Contains("eth_chainId", error.Message);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Http_503_is_retried_and_reported()
    {
        await using var server = new FakeHttpServer(FakeHttpServer.Http(503, "busy"));
        await using var rpc = RpcClient.ForUrl(server.Url, FastRetries);
        var error = await Assert.ThrowsAsync<RpcTransportException>(() => rpc.ChainIdAsync());
        Assert.Contains("HTTP 503", error.Message);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task A_silent_node_times_out()
    {
        await using var server = new FakeHttpServer(rawResponse: null);
        await using var rpc = RpcClient.ForUrl(server.Url, new RpcClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(300), MaxRetries = 0 });
        var error = await Assert.ThrowsAsync<RpcTimeoutException>(() => rpc.BlockNumberAsync());
        Assert.Contains("eth_blockNumber", error.Message);
    }

    [Fact]
    public async Task NewHeads_and_logs_subscriptions_deliver_notifications()
    {
        await using var rpc = RpcClient.ForUrl(anvil.WebSocketUrl);
        var snapshot = await rpc.SnapshotAsync();
        try
        {
            await using var heads = await rpc.SubscribeNewHeadsAsync();
            var start = await rpc.BlockNumberAsync();
            await rpc.MineAsync(2);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var received = new List<BlockHeader>();
            await foreach (var head in heads.ReadAllAsync(timeout.Token))
            {
                received.Add(head);
                if (received.Count == 2)
                    break;
            }
            Assert.Equal([start + 1, start + 2], received.Select(h => h.Number));
            Assert.Equal(received[0].Hash, received[1].ParentHash);
        }
        finally
        {
            await rpc.RevertToAsync(snapshot);
        }
    }

    [Fact]
    public async Task Logs_come_back_from_get_logs_with_their_position()
    {
        await using var rpc = RpcClient.ForUrl(anvil.HttpUrl);
        var snapshot = await rpc.SnapshotAsync();
        try
        {
            var deployment = await TestChain.DeployAsync(rpc, EvmSnippets.LogEmitter(1));
            var topic = Keccak256.HashToHash32("Ping(uint256)"u8);
            var receipt = await TestChain.EmitAsync(rpc, deployment, topic, count: 3, payload: new byte[32]);
            var logs = await rpc.GetLogsAsync(new LogFilter([deployment]), receipt.BlockNumber, receipt.BlockNumber);
            Assert.Equal(3, logs.Count);
            Assert.All(logs, l => Assert.Equal(topic, l.Topics[0]));
            Assert.Equal([0UL, 1UL, 2UL], logs.Select(l => l.LogIndex));
            Assert.All(logs, l => Assert.Equal(receipt.BlockHash, l.BlockHash));
        }
        finally
        {
            await rpc.RevertToAsync(snapshot);
        }
    }

    [Fact]
    public async Task A_websocket_node_that_dies_ends_subscriptions_and_requests_with_transport_errors()
    {
        await using var doomed = await AnvilProcess.StartAsync();
        await using var rpc = RpcClient.ForUrl(doomed.WebSocketUrl, new RpcClientOptions { MaxRetries = 0 });
        await using var heads = await rpc.SubscribeNewHeadsAsync();
        doomed.Kill();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var ended = await Assert.ThrowsAsync<RpcTransportException>(async () =>
        {
            await foreach (var _ in heads.ReadAllAsync(timeout.Token))
            {
            }
        });
        Assert.Contains(doomed.WebSocketUrl.ToString(), ended.Message);
        var request = await Assert.ThrowsAsync<RpcTransportException>(() => rpc.BlockNumberAsync());
        Assert.Contains("eth_blockNumber", request.Message);
    }
}
