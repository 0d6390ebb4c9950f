using System.Diagnostics;
using System.Text;

namespace Dvt.EndToEnd.Tests;

/// <summary>The outcome of a script: exit code and everything it printed (stdout and stderr interleaved).</summary>
public sealed record ScriptResult(int ExitCode, string Output);

/// <summary>Runs a bash script with a time limit; the whole process tree is killed when the limit passes.</summary>
public static class ScriptRunner
{
    public static async Task<ScriptResult> RunAsync(string script, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {script}");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (output)
                return new ScriptResult(-1, output + $"\n(killed after {timeout.TotalSeconds:0} s)");
        }
        lock (output)
            return new ScriptResult(process.ExitCode, output.ToString());
    }
}
