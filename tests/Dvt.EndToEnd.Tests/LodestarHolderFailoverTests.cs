using System.Text.Json.Nodes;
using Dvt.Consensus.Primitives;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Transactions;
using Dvt.Coordinator.Cli.Validators;
using Dvt.Coordinator.Devnet;
using Dvt.TestSupport;
using Xunit.Abstractions;

namespace Dvt.EndToEnd.Tests;

/// <summary>
/// Every holder runs the validator: a Lodestar beacon node, four coordinators each with duty consensus on that beacon
/// node, and four Lodestar validator clients, each pointed at its own coordinator for both the beacon-node API and
/// signing. After the first finalized epoch one holder's coordinator and validator client are killed (the owner's, then
/// in a second run a non-owner's). Passes only if finality advances by at least two more epochs, every signature came
/// from the threshold path (no recovery-key use, no solo signature), and the beacon node saw no slashing.
/// </summary>
public sealed class LodestarHolderFailoverTests(ITestOutputHelper output)
{
    private const int Validators = 4;
    private const int SecondsPerSlot = 3;

    [SkippableFact]
    public Task Finality_continues_with_the_owners_coordinator_and_validator_client_killed() => RunAsync(killIndex: 0);

    [SkippableFact]
    public Task Finality_continues_with_a_non_owner_holders_coordinator_and_validator_client_killed() => RunAsync(killIndex: 2);

    private async Task RunAsync(int killIndex)
    {
        LodestarInterop.RequireKit();
        await LodestarInterop.InstallAsync();
        var workDir = Path.Combine(Path.GetTempPath(), "dvt-e2e-failover-" + Guid.NewGuid().ToString("N")[..10]);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var ct = cts.Token;
        using var children = new ChildProcesses();
        var cluster = await DevnetCluster.StartAsync(DevnetClusterSettings.ForDevnet(workDir, RepoPaths.Tool("anvil"), TimeSpan.FromSeconds(2)), new ChildProcessCoordinators(), ct);
        var chain = new LodestarChain(children, workDir, SecondsPerSlot);
        var passed = false;
        try
        {
            cluster.ExtraConfig["preset"] = JsonValue.Create("minimal");
            // The beacon node starts after the keys are in place (its genesis is its start): its port is fixed now.
            cluster.ExtraConfig["beaconNodeUrl"] = JsonValue.Create(chain.BeaconUrl.ToString());
            cluster.ExtraConfig["dutyConsensus"] = JsonValue.Create(true); // the devnet turns it off (its simulated beacon node has no duty data); here the beacon node is Lodestar
            for (var i = 0; i < Validators; i++)
                await cluster.AddOperatorAsync(ct: ct);
            var owner = cluster.Nodes[0];
            foreach (var node in cluster.Nodes)
                await node.StartAsync(ct);
            await Task.WhenAll(cluster.Nodes.Select(n => n.WaitUntilUpAsync(TimeSpan.FromSeconds(90), ct)));
            await ImportInteropKeysAsync(cluster, owner, ct);

            // Genesis far enough ahead for the beacon node and then the four validator clients to start on a loaded machine.
            await chain.StartBeaconNodeAsync(Validators, TimeSpan.FromSeconds(90), ct);
            for (var i = 0; i < cluster.Nodes.Count; i++)
                chain.StartValidatorClient(i + 1, cluster.Nodes[i].ValidatorClientEndpoint);
            var started = DateTime.UtcNow;

            var first = await WaitForFinalityAsync(chain, 1, TimeSpan.FromMinutes(4), ct);
            Assert.True(first >= 1, $"no finalized epoch within 4 minutes with every holder up (head slot {await chain.HeadSlotAsync(ct)}); "
                + $"validator 1: {chain.Tail("validator-1.log")}; operator 1: {owner.LastLines(5)}");
            output.WriteLine($"finalized epoch {first} after {(DateTime.UtcNow - started).TotalSeconds:0} s with every holder up");

            var victim = cluster.Nodes[killIndex];
            var victimCounts = await CountsAsync(victim, ct);
            await victim.StopAsync(crash: true);
            chain.KillValidatorClient(killIndex + 1);
            var killedAt = DateTime.UtcNow;
            output.WriteLine($"killed operator {victim.OperatorId}'s coordinator and validator client{(killIndex == 0 ? " (the owner)" : "")}");

            var later = await WaitForFinalityAsync(chain, first + 2, TimeSpan.FromMinutes(3), ct);
            output.WriteLine($"finalized epoch {later} {(DateTime.UtcNow - killedAt).TotalSeconds:0} s after the kill");
            var survivors = cluster.Nodes.Where(n => n != victim).ToList();
            var counts = new List<SigningPathCounts> { victimCounts };
            foreach (var node in survivors)
                counts.Add(await CountsAsync(node, ct));
            output.WriteLine($"threshold signatures {counts.Sum(c => c.Threshold)}, recovery {counts.Sum(c => c.Recovery)}, solo {counts.Sum(c => c.Solo)}");
            Assert.True(later >= first + 2, $"finality stopped at epoch {later} (was {first} at the kill; head slot {await chain.HeadSlotAsync(ct)}); "
                + $"{string.Join("; ", survivors.Select(n => $"operator {n.OperatorId}: {n.LastLines(4)}"))}");
            Assert.True(survivors.Sum(n => counts[survivors.IndexOf(n) + 1].Threshold) > 0, "no surviving holder produced a threshold signature");
            Assert.Equal(0, counts.Sum(c => c.Recovery));
            Assert.Equal(0, counts.Sum(c => c.Solo));
            Assert.Equal(0, await chain.PooledSlashingsAsync(ct));
            passed = true;
        }
        finally
        {
            children.StopAll(TimeSpan.FromSeconds(5));
            await cluster.DisposeAsync();
            if (passed)
            {
                try
                {
                    Directory.Delete(workDir, recursive: true);
                }
                catch (IOException)
                {
                }
            }
            else
            {
                output.WriteLine($"logs kept in {workDir}");
            }
        }
    }

    private static async Task<SigningPathCounts> CountsAsync(CoordinatorNode node, CancellationToken ct)
    {
        using var client = node.Signer();
        return await client.PathCountsAsync(ct);
    }

    private static async Task<ulong> WaitForFinalityAsync(LodestarChain chain, ulong atLeast, TimeSpan timeout, CancellationToken ct)
        => (await BoundedPoll.UntilAsync(chain.FinalizedEpochAsync, finalized => finalized >= atLeast, timeout, TimeSpan.FromSeconds(1), ct)).Last;

    /// <summary>The four interop genesis keys, imported by operator 1 as already-deposited 3-of-4 validators held by all four operators.</summary>
    private static async Task ImportInteropKeysAsync(DevnetCluster cluster, CoordinatorNode owner, CancellationToken ct)
    {
        var keys = owner.Keys;
        var credentials = WithdrawalCredentials.ForAddress(owner.Address);
        var expected = new List<string>();
        for (var i = 0; i < Validators; i++)
        {
            using var key = InteropKeys.SecretKey(i);
            var publicKey = key.PublicKey.Bytes.ToHex().ToLowerInvariant();
            expected.Add(publicKey);
            keys.StageImport(key, credentials.Bytes);
            // genesis keys: no signing history
            await owner.TransactAsync(r => r.ImportValidatorAsync(key.PublicKey.Bytes.AsSpan().ToArray(), 1, credentials, 0, 0, 0, ct), ct);
            var id = (ulong)(i + 1);
            var onChain = (await BoundedPoll.UntilAsync(
                async token => Hex.Encode((await cluster.Registry.GetValidatorKeyAsync(id, ct: token)).PublicKey).ToLowerInvariant(),
                key => key.Length > 2, TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(500), ct)).Last ?? "";
            Assert.True(onChain == publicKey, $"validator {id} got key {onChain}, expected interop key {i} {publicKey}: {owner.LastLines(5)}");
        }
        // Every holder must serve every key before the validator clients start (they fetch the keys once).
        foreach (var node in cluster.Nodes)
        {
            using var signer = node.Signer();
            var served = (await BoundedPoll.UntilAsync(signer.PublicKeysAsync, keys => expected.All(keys.Contains),
                TimeSpan.FromMinutes(4), TimeSpan.FromMilliseconds(500), ct)).Last ?? [];
            Assert.True(expected.All(served.Contains), $"operator {node.OperatorId} serves [{string.Join(",", served)}], not the four interop keys: {node.LastLines(5)}");
        }
    }
}
