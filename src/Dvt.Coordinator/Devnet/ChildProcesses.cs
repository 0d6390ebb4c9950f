using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Dvt.Coordinator.Devnet;

/// <summary>
/// Every process the devnet starts, so that all of them are stopped however the devnet ends: normal return, an
/// exception, Ctrl-C or SIGTERM (the command's cancellation), or the runtime shutting down (ProcessExit). Stopping
/// sends SIGTERM first (a coordinator shuts down cleanly), then kills the process tree after a grace period.
/// </summary>
public sealed partial class ChildProcesses : IDisposable
{
    private const int SigTerm = 15;

    private readonly ConcurrentDictionary<int, Process> running = new();
    private readonly EventHandler onExit;

    public ChildProcesses()
    {
        onExit = (_, _) => StopAll(TimeSpan.FromSeconds(2));
        AppDomain.CurrentDomain.ProcessExit += onExit;
    }

    /// <summary>Starts a process with its output appended to <paramref name="logFile"/>.</summary>
    public Process Start(ProcessStartInfo info, string logFile)
    {
        var log = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var gate = new object();
        return Start(info, line => { lock (gate) log.WriteLine(line); });
    }

    /// <summary>Starts a process with each line of its output (stdout and stderr) handed to <paramref name="line"/>.</summary>
    public Process Start(ProcessStartInfo info, Action<string> line)
    {
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        running[process.Id] = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) line(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) line(e.Data); };
        process.Exited += (_, _) => { running.TryRemove(process.Id, out Process? _); };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>SIGTERM, then SIGKILL of the whole tree if it has not exited within <paramref name="grace"/>.</summary>
    public static void Stop(Process process, TimeSpan grace)
    {
        try
        {
            if (process.HasExited)
                return;
            if (!OperatingSystem.IsWindows())
                _ = Kill(process.Id, SigTerm);
            if (!process.WaitForExit(grace))
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

    /// <summary>Stops a process at once, as a crash or a pulled plug would.</summary>
    public static void Crash(Process process)
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
        }
    }

    public void StopAll(TimeSpan grace)
    {
        var all = running.Values.ToArray();
        Parallel.ForEach(all, p => Stop(p, grace));
        running.Clear();
    }

    public void Dispose()
    {
        StopAll(TimeSpan.FromSeconds(5));
        AppDomain.CurrentDomain.ProcessExit -= onExit;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
