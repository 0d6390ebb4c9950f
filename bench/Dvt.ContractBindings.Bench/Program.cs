using System.Diagnostics;
using Dvt.ContractBindings.Bench;
using Dvt.TestSupport;

// Each figure is printed beside a floor measured in the same run (same machine, same moment) and their ratio.
var total = Stopwatch.StartNew();
Console.WriteLine($"Dvt.ContractBindings.Bench on {Environment.ProcessorCount} cores, .NET {Environment.Version}");
AbiThroughput.Run(TimeSpan.FromSeconds(1));
await using (var anvil = await AnvilProcess.StartAsync(["--gas-limit", "1000000000"]))
{
    await TransactionThroughput.RunAsync(anvil, TimeSpan.FromSeconds(3));
    await FollowerCatchUp.RunAsync(anvil);
}
Console.WriteLine($"total {total.Elapsed.TotalSeconds:F1} s");
