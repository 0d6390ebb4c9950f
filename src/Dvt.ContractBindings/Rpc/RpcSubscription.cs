using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;

namespace Dvt.ContractBindings.Rpc;

/// <summary>
/// An eth_subscribe subscription. Read notifications with <see cref="ReadAllAsync"/>; it ends with the transport's
/// error when the socket drops (subscriptions do not survive a reconnect: open a new one).
/// </summary>
public sealed class RpcSubscription<T> : IAsyncDisposable
{
    private readonly RpcClient client;
    private readonly WebSocketRpcTransport transport;
    private readonly ChannelReader<JsonElement> reader;
    private readonly Func<JsonElement, T> parse;

    private RpcSubscription(RpcClient client, WebSocketRpcTransport transport, string id, ChannelReader<JsonElement> reader, Func<JsonElement, T> parse)
    {
        this.client = client;
        this.transport = transport;
        Id = id;
        this.reader = reader;
        this.parse = parse;
    }

    public string Id { get; }

    internal static async Task<RpcSubscription<T>> OpenAsync(RpcClient client, object?[] parameters, Func<JsonElement, T> parse, CancellationToken ct)
    {
        if (client.Transport is not WebSocketRpcTransport ws)
            throw new InvalidOperationException($"eth_subscribe needs a WebSocket endpoint, {client.Endpoint} is not one");
        var result = await client.RequestAsync("eth_subscribe", parameters, ct).ConfigureAwait(false);
        var id = RpcJson.String(result, "eth_subscribe");
        // Notifications may already be on their way; anything that arrived before registration is lost,
        // which is why the log follower treats subscriptions as wake-ups only.
        return new RpcSubscription<T>(client, ws, id, ws.OpenSubscription(id), parse);
    }

    public async IAsyncEnumerable<T> ReadAllAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var item in reader.ReadAllAsync(ct).ConfigureAwait(false))
            yield return parse(item);
    }

    public async ValueTask DisposeAsync()
    {
        transport.CloseSubscription(Id);
        try
        {
            await client.RequestAsync("eth_unsubscribe", [Id], CancellationToken.None).ConfigureAwait(false);
        }
        catch (RpcTransportException)
        {
            // The socket is gone, and the subscription with it.
        }
    }
}
