using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Hex = Dvt.Consensus.Primitives.Hex;

namespace Dvt.Coordinator.Tests.Daemon;

/// <summary>
/// A real HTTP proxy in front of anvil that forwards every JSON-RPC request unchanged and records it, per URL path
/// (one path per coordinator: <c>http://127.0.0.1:port/op1</c>), so a test counts what each coordinator asked the node.
/// Registry views are recognised both as plain eth_calls to the registry and inside the aggregated (deployless) eth_calls
/// of <see cref="ViewAggregatorContract"/>.
/// </summary>
public sealed class CountingRpcProxy : IAsyncDisposable
{
    private static readonly byte[] AggregatorCode = Hex.DecodeData(ViewAggregatorContract.BytecodeHex, "bytecode");

    private readonly WebApplication app;
    private readonly HttpClient http = new();
    private readonly List<(string Path, JsonElement Request)> requests = [];

    private CountingRpcProxy(WebApplication app, Uri url)
    {
        this.app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<CountingRpcProxy> StartAsync(Uri upstream)
    {
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var proxy = new CountingRpcProxy(app, new Uri($"http://127.0.0.1:{port}/"));
        app.MapPost("/{node}", async (string node, HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            proxy.Record(node, body.ToArray());
            using var forwarded = new ByteArrayContent(body.ToArray());
            forwarded.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var answer = await proxy.http.PostAsync(upstream, forwarded, context.RequestAborted);
            context.Response.StatusCode = (int)answer.StatusCode;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(await answer.Content.ReadAsByteArrayAsync(context.RequestAborted), context.RequestAborted);
        });
        await app.StartAsync();
        return proxy;
    }

    /// <summary>The URL a coordinator is configured with so that its requests are recorded under <paramref name="node"/>.</summary>
    public Uri UrlFor(string node) => new(Url, node);

    private void Record(string node, byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        lock (requests)
        {
            if (document.RootElement.ValueKind == JsonValueKind.Array)
                requests.AddRange(document.RootElement.EnumerateArray().Select(r => (node, r.Clone())));
            else
                requests.Add((node, document.RootElement.Clone()));
        }
    }

    /// <summary>The raw requests of <paramref name="method"/> recorded for <paramref name="node"/> (for a failing test's output).</summary>
    public IReadOnlyList<string> Requests(string node, string method)
    {
        lock (requests)
            return requests.Where(r => r.Path == node && Method(r.Request) == method).Select(r => r.Request.GetRawText()).ToList();
    }

    /// <summary>Forgets what was recorded so far.</summary>
    public void Reset()
    {
        lock (requests)
            requests.Clear();
    }

    /// <summary>Requests of <paramref name="method"/> recorded for <paramref name="node"/>.</summary>
    public int Count(string node, string method)
    {
        lock (requests)
            return requests.Count(r => r.Path == node && Method(r.Request) == method);
    }

    /// <summary>The calldata of every registry view any coordinator asked for, unpacked from aggregated calls.</summary>
    public IReadOnlyList<byte[]> RegistryViews(Address registry)
    {
        List<JsonElement> calls;
        lock (requests)
            calls = requests.Where(r => Method(r.Request) == "eth_call").Select(r => r.Request.GetProperty("params")[0]).ToList();
        var views = new List<byte[]>();
        foreach (var call in calls)
        {
            var data = Hex.DecodeData(call.TryGetProperty("data", out var d) ? d.GetString()! : call.GetProperty("input").GetString()!, "data");
            if (call.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.String)
            {
                if (Address.Parse(to.GetString()!) == registry)
                    views.Add(data);
            }
            else if (data.AsSpan().StartsWith(AggregatorCode))
            {
                var arguments = new Nethereum.ABI.FunctionEncoding.FunctionCallDecoder().DecodeDefaultData(data[AggregatorCode.Length..],
                    new Nethereum.ABI.Model.Parameter("address", "target", 1), new Nethereum.ABI.Model.Parameter("bytes[]", "calls", 2));
                if (Address.Parse((string)arguments.Single(a => a.Parameter.Order == 1).Result) == registry)
                    views.AddRange((List<byte[]>)arguments.Single(a => a.Parameter.Order == 2).Result);
            }
        }
        return views;
    }

    /// <summary>The validator ids of every getValidator view recorded (the first read of a validator in a pass).</summary>
    public IReadOnlyList<ulong> ValidatorsRead(Address registry)
    {
        var selector = Dvt.ContractBindings.Keccak256.Hash("getValidator(uint64)")[..4];
        return RegistryViews(registry).Where(v => v.AsSpan().StartsWith(selector))
            .Select(v => System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(v.AsSpan(4 + 24, 8))).ToList();
    }

    private static string? Method(JsonElement request) => request.TryGetProperty("method", out var m) ? m.GetString() : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        http.Dispose();
    }
}
