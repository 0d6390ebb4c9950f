using System.Diagnostics;
using Dvt.ContractBindings.Contracts;
using Dvt.TestSupport;
using Xunit;

namespace Dvt.ContractBindings.Tests;

/// <summary>
/// The generated class and its nested event records initialise each other's statics; the order a program first
/// touches them must not matter. Inside the test runner something else may already have initialised the class, so
/// the first touch happens in a fresh process.
/// </summary>
public sealed class StaticInitialisationTests
{
    [Fact]
    public async Task An_event_topic_touched_first_in_a_fresh_process_is_its_keccak()
    {
        var info = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "exec", typeof(FollowerChildProcess).Assembly.Location, "first-touch" })
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the test process");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await error}");
        var signature = DvtRegistryContract.AbiSignatures.Single(s => s.StartsWith("event RoundStarted(", StringComparison.Ordinal))["event ".Length..];
        Assert.Equal(ToolRunner.Run("cast", "keccak", signature), (await output).Trim());
    }

    [Fact]
    public void Event_topics_match_each_event_record()
    {
        Assert.Contains(DvtRegistryContract.RoundStartedEvent.Topic0, DvtRegistryContract.EventTopics);
        Assert.Equal(DvtRegistryContract.AbiSignatures.Count(s => s.StartsWith("event ", StringComparison.Ordinal)), DvtRegistryContract.EventTopics.Count);
    }
}
