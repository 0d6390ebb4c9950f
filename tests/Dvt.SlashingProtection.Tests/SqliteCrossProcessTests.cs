using System.Diagnostics;
using Dvt.SlashingProtection.Storage;

namespace Dvt.SlashingProtection.Tests;

/// <summary>
/// Ten separate processes share one SQLite file and ask, at the same instant, to propose ten
/// different blocks at one slot: exactly one may be told Safe, and every other one must name that
/// block as the double proposal's evidence.
/// </summary>
public sealed class SqliteCrossProcessTests : IAsyncLifetime
{
    private const int Processes = 10;
    private readonly SqliteBackend _backend = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public async Task TenProcessesProposingAtOneSlotExactlyOneSafe()
    {
        var database = await _backend.NewDatabaseAsync();
        var key = TestKeys.Key(9);
        await using (var setup = await SqliteSlashingProtectionStore.OpenAsync(database, TestKeys.Chain))
            await setup.RegisterValidatorsAsync([key]);

        for (var round = 0; round < 2; round++)
        {
            var slot = 500 + round;
            var contenders = Enumerable.Range(1, Processes)
                .Select(i => StartContender(database, key, slot, TestKeys.Root(i)))
                .ToArray();
            try
            {
                // Wait until every process has opened the store, then release them all at once.
                foreach (var contender in contenders)
                    Assert.Equal("ready", await contender.StandardOutput.ReadLineAsync());
                foreach (var contender in contenders)
                {
                    await contender.StandardInput.WriteLineAsync("go");
                    await contender.StandardInput.FlushAsync();
                }

                var outcomes = new List<string>();
                foreach (var contender in contenders)
                {
                    var line = await contender.StandardOutput.ReadLineAsync();
                    await contender.WaitForExitAsync();
                    Assert.True(contender.ExitCode == 0, $"contender exited with {contender.ExitCode}: {await contender.StandardError.ReadToEndAsync()}");
                    outcomes.Add(line ?? "(no output)");
                }

                var winner = Assert.Single(outcomes.Select((o, i) => (o, i)), x => x.o == "Safe");
                var winnerRoot = TestKeys.Root(winner.i + 1);
                Assert.All(outcomes.Where((_, i) => i != winner.i), o => Assert.Equal($"DoubleProposal {winnerRoot}", o));
            }
            finally
            {
                foreach (var contender in contenders)
                {
                    if (!contender.HasExited)
                        contender.Kill();
                    contender.Dispose();
                }
            }
        }
    }

    private static Process StartContender(string database, ValidatorPublicKeyBytes key, int slot, SigningRoot root)
    {
        var folder = AppContext.BaseDirectory;
        var host = Path.Combine(folder, "Dvt.SlashingProtection.Contender");
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (File.Exists(host))
        {
            start.FileName = host;
        }
        else
        {
            start.FileName = "dotnet";
            start.ArgumentList.Add(Path.Combine(folder, "Dvt.SlashingProtection.Contender.dll"));
        }
        foreach (var argument in new[] { database, TestKeys.Chain.ToString(), key.ToString(), slot.ToString(System.Globalization.CultureInfo.InvariantCulture), root.ToString() })
            start.ArgumentList.Add(argument);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the contender process");
    }
}
