using System.Diagnostics;

namespace Dvt.TestSupport;

/// <summary>Runs a toolchain binary (cast, forge) and returns its standard output; a non-zero exit fails with stderr.</summary>
public static class ToolRunner
{
    public static string Run(string tool, params string[] arguments) => RunAsync(tool, arguments).GetAwaiter().GetResult();

    public static async Task<string> RunAsync(string tool, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(RepoPaths.Tool(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', info.ArgumentList)} did not finish in time");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}: {await stderr.ConfigureAwait(false)}");
        return (await stdout.ConfigureAwait(false)).Trim();
    }
}
