using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dvt.ContractBindings.Tests;

/// <summary>A loopback TCP server that answers every HTTP request with a fixed raw response, or never answers.</summary>
internal sealed class FakeHttpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private int requests;

    public FakeHttpServer(string? rawResponse)
    {
        listener.Start();
        loop = Task.Run(() => ServeAsync(rawResponse));
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

    public int Requests => Volatile.Read(ref requests);

    private async Task ServeAsync(string? rawResponse)
    {
        var open = new List<TcpClient>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                open.Add(client);
                Interlocked.Increment(ref requests);
                if (rawResponse is null)
                    continue; // hold the connection open and say nothing
                var stream = client.GetStream();
                var buffer = new byte[8192];
                _ = await stream.ReadAsync(buffer, stop.Token); // one read is enough: the answer does not depend on the request
                await stream.WriteAsync(Encoding.ASCII.GetBytes(rawResponse), stop.Token);
                client.Close();
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            foreach (var c in open)
                c.Dispose();
        }
    }

    public static string Http(int status, string body) =>
        $"HTTP/1.1 {status} X\r\nContent-Type: text/plain\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await loop;
        stop.Dispose();
    }
}
