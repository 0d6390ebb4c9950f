using System.Diagnostics;
using Dvt.ContractBindings.Rpc;

namespace Dvt.Coordinator.Devnet;

/// <summary>The devnet's chain: anvil on a free loopback port, mining a block every second (so confirmations advance).</summary>
public sealed class AnvilNode
{
    private AnvilNode(Process process, Uri url)
    {
        Process = process;
        Url = url;
    }

    public Process Process { get; }

    public Uri Url { get; }

    public static async Task<AnvilNode> StartAsync(ChildProcesses children, string anvil, string logFile, CancellationToken ct)
    {
        var port = FreePort.Next();
        var info = new ProcessStartInfo(anvil);
        foreach (var argument in new[] { "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--hardfork", "prague", "--block-time", "1", "--accounts", "1" })
            info.ArgumentList.Add(argument);
        var process = children.Start(info, logFile);
        var url = new Uri($"http://127.0.0.1:{port}");
        var rpc = RpcClient.ForUrl(url, new RpcClientOptions { RequestTimeout = TimeSpan.FromSeconds(2), MaxRetries = 0 });
        for (var attempt = 0; attempt < 150; attempt++)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"anvil exited with {process.ExitCode} (see {logFile})");
            try
            {
                await rpc.ChainIdAsync(ct).ConfigureAwait(false);
                return new AnvilNode(process, url);
            }
            catch (Exception e) when (e is RpcTransportException or RpcErrorException)
            {
                await Task.Delay(100, ct).ConfigureAwait(false);
            }
        }
        throw new TimeoutException($"anvil did not answer on {url} within 15 s (see {logFile})");
    }
}
