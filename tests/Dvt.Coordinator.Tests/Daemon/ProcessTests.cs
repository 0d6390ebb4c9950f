using Dvt.Coordinator.Devnet;
using Dvt.ContractBindings;
using Xunit.Abstractions;

namespace Dvt.Coordinator.Tests.Daemon;

/// <summary>Coordinators as separate `dvt coordinator run --config FILE` processes, one per operator.</summary>
public sealed class ProcessTests(ITestOutputHelper output)
{
    private const byte ThreeOfFour = 1, FiveOfSeven = 2;
    private const byte Split = 1, Dkg = 2;
    private const byte Deposited = 3;
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Seven_coordinator_processes_run_a_five_of_seven_dkg_to_deposit()
    {
        await using var cluster = await TestCluster.StartAsync(new ChildProcessCoordinators());
        try
        {
            await cluster.AddOperatorsAsync(7);
            foreach (var node in cluster.Nodes)
                await node.StartAsync();
            var validatorId = await cluster.Nodes[0].RequestValidatorAsync(FiveOfSeven, Dkg);
            await cluster.WaitForStatusAsync(validatorId, Deposited, Long);
            var key = (await cluster.Registry.GetValidatorKeyAsync(validatorId)).PublicKey;
            Assert.All(cluster.Nodes, n => Assert.Equal(["share-round-1.json"], n.ShareFiles(validatorId)));
            ValidatorEntryTests.AssertSharesSignForKey(cluster, validatorId, 1, key, 5);
            Assert.True(cluster.Nodes[0].HasFullKey(validatorId));
        }
        catch
        {
            ValidatorEntryTests.Dump(output, cluster);
            throw;
        }
    }

    [Fact]
    public async Task A_coordinator_whose_peer_address_is_taken_exits_with_one_line_naming_the_field()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        await using var cluster = await TestCluster.StartAsync(new ChildProcessCoordinators());
        var node = await cluster.AddOperatorAsync(new OperatorSetup { ExtraConfig = new System.Text.Json.Nodes.JsonObject { ["peerListen"] = $"127.0.0.1:{port}" } });
        await node.StartAsync();
        // The listener opens once the registration is confirmed; it cannot bind, so the process ends instead of
        // running passes no peer and no validator client can reach.
        var ended = await Assert.ThrowsAsync<InvalidOperationException>(() => node.WaitUntilUpAsync(Long, CancellationToken.None));
        Assert.Contains("exited with 1", ended.Message);
        Assert.Contains(node.Log, line => line.Contains($"config field 'peerListen': cannot listen on 127.0.0.1:{port}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_coordinator_killed_in_the_middle_of_a_round_resumes_after_restart_without_dealing_twice()
    {
        await using var cluster = await TestCluster.StartAsync(new ChildProcessCoordinators());
        try
        {
            await cluster.AddOperatorsAsync(4);
            foreach (var node in cluster.Nodes.Take(3))
                await node.StartAsync();
            var validatorId = await cluster.Nodes[0].RequestValidatorAsync(ThreeOfFour, Dkg);
            // Three of four dealers run: the DKG is open, waiting for the fourth.
            await DevnetCluster.WaitUntilAsync(async () => (await cluster.Registry.GetRoundAsync(validatorId, 1)).DealtCount == 3, Long, "three deals");
            var victim = cluster.Nodes[1];
            var dealHash = await cluster.DealHashAsync(validatorId, 1, victim.OperatorId);
            await victim.StopAsync(crash: true);

            // The fourth dealer closes dealing; the killed one cannot ack, so the round waits for it.
            await cluster.Nodes[3].StartAsync();
            await DevnetCluster.WaitUntilAsync(async () => (await cluster.Registry.GetRoundAsync(validatorId, 1)).AckCount == 3, Long, "three acks");
            Assert.Equal(2, (await cluster.Registry.GetRoundAsync(validatorId, 1)).Status); // still Acking

            await victim.StartAsync();
            await cluster.WaitForStatusAsync(validatorId, Deposited, Long);
            Assert.Equal(dealHash, await cluster.DealHashAsync(validatorId, 1, victim.OperatorId));
            var key = (await cluster.Registry.GetValidatorKeyAsync(validatorId)).PublicKey;
            Assert.All(cluster.Nodes, n => Assert.Equal(["share-round-1.json"], n.ShareFiles(validatorId)));
            ValidatorEntryTests.AssertSharesSignForKey(cluster, validatorId, 1, key, 3);
        }
        catch
        {
            ValidatorEntryTests.Dump(output, cluster);
            throw;
        }
    }
}
