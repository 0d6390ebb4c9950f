using System.Diagnostics;
using Dvt.ContractBindings.Rpc;

namespace Dvt.Coordinator.Devnet;

/// <summary>A cluster's chain: anvil on a free loopback port, mining every <c>blockTime</c> (so confirmations advance) or each transaction at once.</summary>
public sealed class AnvilNode
{
    private AnvilNode(Process process, Uri url)
    {
        Process = process;
        Url = url;
    }

    public Process Process { get; }

    public Uri Url { get; }

    /// <summary>The anvil process's id (tests stop and continue it to stall the chain).</summary>
    public int ProcessId => Process.Id;

    /// <param name="blockTime">A block every this long; null: automine.</param>
    public static async Task<AnvilNode> StartAsync(ChildProcesses children, string anvil, string logFile, TimeSpan? blockTime, CancellationToken ct)
    {
        var port = FreePort.Next();
        var info = new ProcessStartInfo(anvil);
        string[] mining = blockTime is { } every ? ["--block-time", ((int)Math.Ceiling(every.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];
        foreach (var argument in new[] { "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--hardfork", "prague", "--accounts", "1" }.Concat(mining))
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
