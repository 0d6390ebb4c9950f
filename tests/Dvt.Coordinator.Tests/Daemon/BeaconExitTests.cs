using Dvt.Coordinator.Devnet;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Dvt.Coordinator.Tests.Daemon;

/// <summary>
/// A validator's exit, against the cluster's simulated beacon node (mainnet's constants): the holders threshold-sign
/// the voluntary exit, the beacon node verifies it under mainnet's Capella domain (EIP-7044), and the holders keep
/// their shares and keep serving the key until the beacon node reports the validator exited; only then does the
/// owner confirm the exit on chain and the holders delete their shares.
/// </summary>
public sealed class BeaconExitTests(ITestOutputHelper output)
{
    private const byte ExitRequested = 4;
    private const byte Exited = 5;

    [Fact]
    public async Task Shares_are_kept_and_served_until_the_beacon_node_reports_the_validator_exited()
    {
        await using var cluster = await TestCluster.StartAsync();
        try
        {
            for (var i = 0; i < 4; i++)
                await cluster.AddOperatorAsync();
            foreach (var node in cluster.Nodes)
                await node.StartAsync();
            var owner = cluster.Nodes[0];
            var validatorId = await owner.RequestValidatorAsync(1, 1);
            await cluster.WaitForStatusAsync(validatorId, 3);

            cluster.Beacon.ExitQueueMoves = false; // the validator waits in the exit queue until the test lets it go
            await owner.TransactAsync(r => r.RequestValidatorExitAsync(validatorId));
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(cluster.Beacon.AcceptedExits.Count == 1), TimeSpan.FromSeconds(60),
                $"the beacon node accepting a verified exit (refused: {string.Join("; ", cluster.Beacon.RefusedExits)})");
            Assert.Empty(cluster.Beacon.RefusedExits);
            Assert.Contains(owner.Log, l => l.Contains("voluntary exit signed through the threshold path"));

            // The owner keeps asking the beacon node; while it answers active_exiting, nothing is confirmed or deleted.
            var lookups = cluster.Beacon.Lookups;
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(cluster.Beacon.Lookups >= lookups + 5), TimeSpan.FromSeconds(30),
                "five more looks at the beacon node");
            Assert.Equal(ExitRequested, (await cluster.Registry.GetValidatorAsync(validatorId)).Status);
            Assert.All(cluster.Nodes, n => Assert.NotEmpty(n.ShareFiles(validatorId)));
            Assert.All(cluster.Nodes, n => Assert.NotNull(n.Host!.Directory.ByValidatorId(validatorId)));

            cluster.Beacon.ExitQueueMoves = true;
            await cluster.WaitForStatusAsync(validatorId, Exited);
            Assert.Contains(owner.Log, l => l.Contains("exited_unslashed; confirming the exit on chain"));
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(cluster.Nodes.All(n => n.ShareFiles(validatorId).Count == 0)), TimeSpan.FromSeconds(60),
                "every holder deleting its share after the confirmation");
        }
        catch
        {
            ValidatorEntryTests.Dump(output, cluster);
            throw;
        }
    }

    [Fact]
    public async Task Without_a_beacon_node_the_exit_is_refused_with_a_clear_error_and_never_confirmed()
    {
        await using var cluster = await TestCluster.StartAsync();
        try
        {
            var noBeacon = new JsonObject { ["beaconNodeUrl"] = null };
            for (var i = 0; i < 4; i++)
                await cluster.AddOperatorAsync(new OperatorSetup { ExtraConfig = noBeacon });
            foreach (var node in cluster.Nodes)
                await node.StartAsync();
            var owner = cluster.Nodes[0];
            var validatorId = await owner.RequestValidatorAsync(1, 1);
            await cluster.WaitForStatusAsync(validatorId, 3);

            await owner.TransactAsync(r => r.RequestValidatorExitAsync(validatorId));
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(owner.Log.Any(l => l.Contains("has no beaconNodeUrl"))), TimeSpan.FromSeconds(60),
                "the owner's refusal to confirm without a beacon node");
            var refusal = owner.Log.First(l => l.Contains("has no beaconNodeUrl"));
            Assert.Contains($"validator {validatorId}: its exit is requested", refusal);
            Assert.Contains("the exit is not confirmed on chain until beaconNodeUrl is set", refusal);
            // Later passes do not confirm either: another validator requested after the refusal goes all the way to its
            // deposit (many passes of every coordinator), and the exiting one is still exit-requested.
            var next = await owner.RequestValidatorAsync(1, 1);
            await cluster.WaitForStatusAsync(next, 3);
            Assert.Equal(ExitRequested, (await cluster.Registry.GetValidatorAsync(validatorId)).Status);
            Assert.All(cluster.Nodes, n => Assert.NotEmpty(n.ShareFiles(validatorId)));
            Assert.Empty(cluster.Beacon.AcceptedExits);
        }
        catch
        {
            ValidatorEntryTests.Dump(output, cluster);
            throw;
        }
    }
}
