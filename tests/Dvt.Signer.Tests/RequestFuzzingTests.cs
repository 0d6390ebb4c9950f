using Dvt.Consensus.Primitives;
using System.Net.Sockets;
using System.Text;
using CsCheck;
using Dvt.Signer.Directory;
using Dvt.Signer.Peer;
using Dvt.Signer.Tests.Cluster;

namespace Dvt.Signer.Tests;

/// <summary>
/// Garbage against the real HTTP endpoints of a running cluster: random bytes, mutated valid bodies, huge bodies,
/// deep nesting, a body that never arrives. Never a 500, never a hang; 400 for garbage, 401/403 for bad auth.
/// </summary>
public sealed class RequestFuzzingTests : IAsyncLifetime
{
    private static readonly int[] AcceptedForMutations = [200, 400, 403, 404, 412];

    private SignerCluster _cluster = null!;

    public async Task InitializeAsync()
        => _cluster = await SignerCluster.StartAsync(3, 4, configure: o => o with { RequestBodyTimeout = TimeSpan.FromSeconds(1) }, recordLogs: false);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private string Key => SignRequestBodies.Hex(_cluster.Validators[0].Set.PublicKey.Span);

    private static readonly string[] ValidBodies =
    [
        SignRequestBodies.Attestation(0, 1),
        SignRequestBodies.RandaoReveal(2),
        SignRequestBodies.BlockHeader(17),
        """{"type":"AGGREGATION_SLOT","fork_info":FORK,"aggregation_slot":{"slot":"9"}}""".Replace("FORK", SignRequestBodies.ForkInfo.Trim()),
        """{"type":"VOLUNTARY_EXIT","fork_info":FORK,"voluntary_exit":{"epoch":"3","validator_index":"1"}}""".Replace("FORK", SignRequestBodies.ForkInfo.Trim()),
    ];

    private static Gen<byte[]> Mutated =>
        Gen.Select(Gen.Int[0, ValidBodies.Length - 1], Gen.Int[0, 3], Gen.Int[0, 10_000], Gen.Int[1, 40], Gen.Byte,
            (which, kind, position, length, value) =>
            {
                var bytes = Encoding.UTF8.GetBytes(ValidBodies[which]);
                var at = position % bytes.Length;
                var count = Math.Min(length, bytes.Length - at);
                return kind switch
                {
                    0 => bytes.Select((b, i) => i == at ? value : b).ToArray(),                     // one byte replaced
                    1 => bytes.Take(at).Concat(bytes.Skip(at + count)).ToArray(),                     // a range deleted
                    2 => bytes.Take(at + count).Concat(bytes.Skip(at)).ToArray(),                     // a range duplicated
                    _ => bytes.Take(at).ToArray(),                                                    // truncated
                };
            });

    private async Task<int> PostSign(byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_cluster.Node(2).ValidatorClientEndpoint, $"/api/v1/eth2/sign/{Key}"))
        {
            Content = new ByteArrayContent(body),
        };
        return (await _cluster.Node(2).SendRawAsync(request)).Status;
    }

    private async Task<int> PostPeer(byte[] body, bool authenticated)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_cluster.Node(3).Endpoint, PartialSignatureMessages.Path))
        {
            Content = new ByteArrayContent(body),
        };
        if (authenticated)
        {
            using var signer = new PeerRequestSigner(new OperatorId(1), _cluster.Node(1).EthereumKey, TimeProvider.System);
            foreach (var header in signer.CreateHeaders(new OperatorId(3), "POST", PartialSignatureMessages.Path, body))
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        return (await _cluster.Node(3).SendRawAsync(request)).Status;
    }

    [Fact]
    public async Task Random_bytes_to_the_sign_endpoint_are_400()
        => await Gen.Byte.Array[0, 2048].SampleAsync(async bytes => Assert.Equal(400, await PostSign(bytes)), iter: 300, threads: 1);

    [Fact]
    public async Task Mutated_valid_bodies_never_fail_the_server()
        => await Mutated.SampleAsync(async bytes =>
        {
            var status = await PostSign(bytes);
            Assert.True(AcceptedForMutations.Contains(status), $"HTTP {status} for {Encoding.UTF8.GetString(bytes)}");
        }, iter: 400, threads: 1);

    [Fact]
    public async Task Random_bytes_with_valid_authentication_to_the_peer_endpoint_are_400()
        => await Gen.Byte.Array[0, 2048].SampleAsync(async bytes => Assert.Equal(400, await PostPeer(bytes, authenticated: true)), iter: 150, threads: 1);

    [Fact]
    public async Task Mutated_peer_messages_are_answered_without_failure()
        => await Mutated.SampleAsync(async bytes =>
        {
            var body = PartialSignatureMessages.EncodeRequest(_cluster.Validators[0].Set.PublicKey, bytes);
            var status = await PostPeer(body, authenticated: true);
            Assert.True(AcceptedForMutations.Contains(status), $"HTTP {status} for {Encoding.UTF8.GetString(body)}");
        }, iter: 150, threads: 1);

    private async Task<(int Status, string Body)> PostBatch(byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_cluster.Node(3).Endpoint, PartialSignatureBatchMessages.Path))
        {
            Content = new ByteArrayContent(body),
        };
        using var signer = new PeerRequestSigner(new OperatorId(1), _cluster.Node(1).EthereumKey, TimeProvider.System);
        foreach (var header in signer.CreateHeaders(new OperatorId(3), "POST", PartialSignatureBatchMessages.Path, body))
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        return await _cluster.Node(3).SendRawAsync(request);
    }

    [Fact]
    public async Task Random_bytes_with_valid_authentication_to_the_batch_endpoint_are_400()
        => await Gen.Byte.Array[0, 2048].SampleAsync(async bytes => Assert.Equal(400, (await PostBatch(bytes)).Status), iter: 150, threads: 1);

    [Fact]
    public async Task Mutated_batches_are_answered_per_item_without_failure()
        => await Gen.Select(Mutated, Mutated, Gen.Int[0, 2], (a, b, garble) => (a, b, garble)).SampleAsync(async sample =>
        {
            var key = _cluster.Validators[0].Set.PublicKey;
            var items = new List<byte[]> { PartialSignatureMessages.EncodeRequest(key, sample.a), PartialSignatureMessages.EncodeRequest(key, sample.b) };
            var body = PartialSignatureBatchMessages.EncodeRequest(items);
            if (sample.garble > 0)
                body = body.Take(body.Length - sample.garble * 7).ToArray(); // a cut envelope is the whole batch's 400
            var (status, text) = await PostBatch(body);
            // A mutated item can break the envelope's JSON (its bytes are wrapped as they are): then the whole batch is 400.
            if (sample.garble > 0 || status == 400)
            {
                Assert.True(status == 400, $"HTTP {status} for {Encoding.UTF8.GetString(body)}: {text}");
                return;
            }
            Assert.True(status == 200, $"HTTP {status} for {Encoding.UTF8.GetString(body)}: {text}");
            var answers = PartialSignatureBatchMessages.ParseResponse(Encoding.UTF8.GetBytes(text), 2);
            Assert.All(answers, a => Assert.True(a is PartialSignatureBatchAnswer.Answered
                || (a is PartialSignatureBatchAnswer.Error e && AcceptedForMutations.Contains(e.Status)), $"{a} for {Encoding.UTF8.GetString(body)}"));
        }, iter: 100, threads: 1);

    [Fact]
    public async Task Unauthenticated_peer_garbage_is_401()
        => await Gen.Byte.Array[0, 512].SampleAsync(async bytes => Assert.Equal(401, await PostPeer(bytes, authenticated: false)), iter: 100, threads: 1);

    [Fact]
    public async Task Random_authentication_headers_are_401_or_403()
        => await Gen.Select(Gen.String, Gen.String, Gen.String, Gen.String).SampleAsync(async headers =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_cluster.Node(3).Endpoint, PartialSignatureMessages.Path))
            {
                Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{}")),
            };
            request.Headers.TryAddWithoutValidation(PeerRequestHeaders.Operator, headers.Item1);
            request.Headers.TryAddWithoutValidation(PeerRequestHeaders.Time, headers.Item2);
            request.Headers.TryAddWithoutValidation(PeerRequestHeaders.Nonce, headers.Item3);
            request.Headers.TryAddWithoutValidation(PeerRequestHeaders.Signature, headers.Item4);
            var (status, _) = await _cluster.Node(3).SendRawAsync(request);
            Assert.True(status is 401 or 403, $"HTTP {status}");
        }, iter: 150, threads: 1);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_huge_body_is_413(bool peer)
    {
        var huge = new byte[3 * 1024 * 1024];
        Array.Fill(huge, (byte)'[');
        // The server answers 413 from the declared length and closes while a client may still be uploading:
        // whether HttpClient sees the answer or a broken pipe first is a race, so a raw connection declares
        // the size, sends a first part, and reads the answer.
        var node = peer ? _cluster.Node(3) : _cluster.Node(2);
        var path = peer ? PartialSignatureMessages.Path : $"/api/v1/eth2/sign/{Key}";
        var endpoint = peer ? node.Endpoint : node.ValidatorClientEndpoint;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(endpoint.Host, endpoint.Port);
        var stream = tcp.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {huge.Length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(huge.AsMemory(0, 64 * 1024));
        var buffer = new byte[4096];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var read = await stream.ReadAsync(buffer, limit.Token);
        Assert.StartsWith("HTTP/1.1 413", Encoding.ASCII.GetString(buffer, 0, read));
        Assert.Equal((200, "OK"), await node.GetAsync("/upcheck"));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(10_000)]
    [InlineData(200_000)]
    public async Task Deep_nesting_is_400(int depth)
    {
        var nested = Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth));
        Assert.Equal(400, await PostSign(nested));
        var wrapped = Encoding.UTF8.GetBytes("{\"type\":\"ATTESTATION\",\"attestation\":" + new string('{', depth / 2) + new string('}', depth / 2) + "}");
        Assert.Equal(400, await PostSign(wrapped));
        Assert.Equal(400, await PostPeer(nested, authenticated: true));
    }

    [Fact]
    public async Task A_body_that_never_arrives_is_408_and_the_server_keeps_answering()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_cluster.Node(2).ValidatorClientEndpoint.Host, _cluster.Node(2).ValidatorClientEndpoint.Port);
        var stream = tcp.GetStream();
        var head = $"POST /api/v1/eth2/sign/{Key} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"type\"";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var started = System.Diagnostics.Stopwatch.StartNew();
        var buffer = new byte[4096];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var read = await stream.ReadAsync(buffer, limit.Token);
        var response = Encoding.ASCII.GetString(buffer, 0, read);

        Assert.StartsWith("HTTP/1.1 408", response);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"answered after {started.Elapsed}");
        Assert.Equal((200, "OK"), await _cluster.Node(2).GetAsync("/upcheck"));
    }
}
