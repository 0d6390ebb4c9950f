using System.Text.RegularExpressions;
using Dvt.ContractBindings.Rpc;
using Xunit.Abstractions;

namespace Dvt.Coordinator.Tests.Daemon;

/// <summary>A coordinator's periodic pass looks only at validators that changed, not at every validator every time.</summary>
public sealed partial class PassWorkTests(ITestOutputHelper output)
{
    private const byte ThreeOfFour = 1, Split = 1, Deposited = 3;

    [GeneratedRegex(@"looked at validators ([\d,]+)")]
    private static partial Regex LookedAt();

    [Fact]
    public async Task Passes_after_start_look_only_at_validators_whose_events_arrived()
    {
        await using var cluster = await DevnetCluster.StartAsync();
        try
        {
            var nodes = await cluster.AddOperatorsAsync(4);
            foreach (var node in nodes)
                await node.StartInProcessAsync();
            var owner = nodes[0];
            var settled = new[] { await owner.RequestValidatorAsync(ThreeOfFour, Split), await owner.RequestValidatorAsync(ThreeOfFour, Split) };
            foreach (var id in settled)
                await cluster.WaitForStatusAsync(id, Deposited);
            // Every daemon has acted at the block of the last deposit: nothing is left to do for the settled validators.
            var head = await cluster.Rpc.BlockNumberAsync();
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(nodes.All(n => n.Host!.LastBlock >= head)), TimeSpan.FromSeconds(20),
                "every coordinator passing the deposit block");
            var marks = nodes.Select(n => n.Log.Count).ToArray();

            var fresh = await owner.RequestValidatorAsync(ThreeOfFour, Split);
            await cluster.WaitForStatusAsync(fresh, Deposited);
            head = await cluster.Rpc.BlockNumberAsync();
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(nodes.All(n => n.Host!.LastBlock >= head)), TimeSpan.FromSeconds(20),
                "every coordinator passing the new deposit block");

            for (var i = 0; i < nodes.Count; i++)
            {
                var looked = nodes[i].Log.Skip(marks[i]).Select(l => LookedAt().Match(l)).Where(m => m.Success)
                    .SelectMany(m => m.Groups[1].Value.Split(',').Select(ulong.Parse)).ToList();
                // The new validator's key round passed through every coordinator's passes...
                Assert.Contains(fresh, looked);
                // ...and none of them looked at the validators that did not change.
                Assert.DoesNotContain(looked, settled.Contains);
            }
        }
        catch
        {
            ValidatorEntryTests.Dump(output, cluster);
            throw;
        }
    }
}
