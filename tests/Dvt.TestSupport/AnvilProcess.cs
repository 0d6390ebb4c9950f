using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Dvt.TestSupport;

/// <summary>
/// A real anvil devnet as a child process on a free loopback port. Starts the native binary from
/// .tools/bin (not the npm node wrapper, whose PID would be node's), waits for "Listening on", and kills
/// the process tree on dispose. Use one per test class (IClassFixture&lt;AnvilProcess&gt;) and evm_snapshot /
/// evm_revert between tests.
/// </summary>
public sealed partial class AnvilProcess : IAsyncDisposable, IDisposable
{
    /// <summary>anvil's default chain id.</summary>
    public const ulong ChainId = 31337;

    /// <summary>Private keys of anvil's default accounts (from the well-known test mnemonic); test use only.</summary>
    public static readonly IReadOnlyList<string> DefaultPrivateKeys =
    [
        "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
        "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
        "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
        "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
        "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
        "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
        "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
    ];

    private readonly Process process;

    /// <summary>Starts anvil with default settings (automine); this is what xunit's IClassFixture calls.</summary>
    public AnvilProcess()
    {
        (process, Port, Log) = LaunchAsync(null, null).GetAwaiter().GetResult();
    }

    private AnvilProcess(Process process, int port, IReadOnlyList<string> log)
    {
        this.process = process;
        Port = port;
        Log = log;
    }

    public int Port { get; }

    /// <summary>anvil's output up to the moment it listened (accounts, settings), for diagnostics.</summary>
    public IReadOnlyList<string> Log { get; }

    public Uri HttpUrl => new($"http://127.0.0.1:{Port}");

    public Uri WebSocketUrl => new($"ws://127.0.0.1:{Port}");

    /// <summary>Process id of the anvil binary, for tests that kill it.</summary>
    public int ProcessId => process.Id;

    /// <summary>Starts anvil; extra arguments pass through (e.g. "--block-time", "1").</summary>
    public static async Task<AnvilProcess> StartAsync(IEnumerable<string>? extraArguments = null, TimeSpan? startTimeout = null)
    {
        var (process, port, log) = await LaunchAsync(extraArguments, startTimeout).ConfigureAwait(false);
        return new AnvilProcess(process, port, log);
    }

    private static async Task<(Process Process, int Port, IReadOnlyList<string> Log)> LaunchAsync(IEnumerable<string>? extraArguments, TimeSpan? startTimeout)
    {
        var info = new ProcessStartInfo(RepoPaths.Tool("anvil"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--host", "127.0.0.1", "--port", "0", "--hardfork", "prague" }.Concat(extraArguments ?? []))
            info.ArgumentList.Add(argument);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = new List<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                lock (lines)
                    listening.TrySetException(new InvalidOperationException("anvil exited before listening:\n" + string.Join("\n", lines.TakeLast(20))));
                return;
            }
            lock (lines)
            {
                if (lines.Count < 200)
                    lines.Add(e.Data);
            }
            var match = ListeningLine().Match(e.Data);
            if (match.Success)
                listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (lines)
                    lines.Add("stderr: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var port = await listening.Task.WaitAsync(startTimeout ?? TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            lock (lines)
                return (process, port, lines.ToArray());
        }
        catch
        {
            Kill(process);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Kills anvil at once (for crash tests); Dispose is still safe afterwards.</summary>
    public void Kill() => Kill(process);

    public bool HasExited => process.HasExited;

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Kill(process);
        process.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"Listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}
