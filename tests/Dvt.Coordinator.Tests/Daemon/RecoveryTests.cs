using Dvt.Coordinator.Devnet;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Rpc;
using Xunit.Abstractions;

namespace Dvt.Coordinator.Tests.Daemon;

/// <summary>Restarts, lost key files and reorgs: the coordinators resume from chain state and finish correctly.</summary>
public sealed class RecoveryTests(ITestOutputHelper output)
{
    private const byte ThreeOfFour = 1;
    private const byte Split = 1, Dkg = 2;
    private const byte Deposited = 3;
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_lost_share_file_is_recomputed_from_the_deals_on_chain_after_a_restart()
    {
        await using var cluster = await TestCluster.StartAsync();
        try
        {
            await cluster.AddOperatorsAsync(4);
            foreach (var node in cluster.Nodes)
                await node.StartAsync();
            var validatorId = await cluster.Nodes[0].RequestValidatorAsync(ThreeOfFour, Split);
            await cluster.WaitForStatusAsync(validatorId, Deposited);
            var victim = cluster.Nodes[2];
            byte[] before;
            using (var share = victim.ReadShare(validatorId, 1)!)
                before = share.PublicShare.PublicKey.ToBytes();

            await victim.StopAsync();
            File.Delete(victim.Paths.ShareKeystore(validatorId, 1));
            await victim.StartAsync();

            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(File.Exists(victim.Paths.ShareKeystore(validatorId, 1))), Long, "the share recomputed");
            using (var share = victim.ReadShare(validatorId, 1)!)
                Assert.Equal(before, share.PublicShare.PublicKey.ToBytes());
            Assert.Contains(victim.Log, l => l.Contains("recomputed it from the deals on chain"));
        }
        catch
        {
            ValidatorEntryTests.Dump(output, cluster);
            throw;
        }
    }

    [Fact]
    public async Task A_reorg_that_drops_the_deals_of_an_open_round_is_followed_by_the_same_deals_again()
    {
        await using var cluster = await TestCluster.StartAsync();
        try
        {
            await cluster.AddOperatorsAsync(4);
            foreach (var node in cluster.Nodes.Take(3))
                await node.StartAsync();
            var validatorId = await cluster.Nodes[0].RequestValidatorAsync(ThreeOfFour, Dkg);
            // Three of four dealers run: the DKG waits for the fourth with three deals in.
            await DevnetCluster.WaitUntilAsync(async () => (await cluster.Registry.GetRoundAsync(validatorId, 1)).DealtCount == 3, Long, "three deals");
            var firstHashes = new Dictionary<ulong, Hash32>();
            foreach (var node in cluster.Nodes.Take(3))
                firstHashes[node.OperatorId] = await cluster.DealHashAsync(validatorId, 1, node.OperatorId);

            // Reorganise every block after the one that drew the holders and opened round 1 (read from its event, not
            // from the head number seen right after sending it): the deals go, the draw stays. (A reorg that also drops
            // the draw may draw the holders in another order: then deals prepared for the first order no longer fit.)
            var head = await cluster.Rpc.BlockNumberAsync();
            var requestedAt = (await cluster.Rpc.GetLogsAsync(
                    new LogFilter([cluster.Registry.Address], [[DvtRegistryContract.RoundStartedEvent.Topic0]]), new BlockNumber(0), head))
                .Single(l => DvtRegistryContract.RoundStartedEvent.Decode(l).ValidatorId == validatorId).BlockNumber;
            Assert.True(head.Value > requestedAt.Value, $"deals should follow the request (head {head.Value}, request in {requestedAt.Value})");
            var depth = head.Value - requestedAt.Value;
            try
            {
                await cluster.Rpc.RequestAsync("anvil_reorg", depth, Array.Empty<object>());
            }
            catch (RpcErrorException e) when (e.Message.Contains("Required data unavailable", StringComparison.Ordinal))
            {
                // anvil sometimes refuses a reorg reaching the block it just mined into; one block less still drops deals.
                await cluster.Rpc.RequestAsync("anvil_reorg", depth - 1, Array.Empty<object>());
            }
            Assert.True((await cluster.Registry.GetRoundAsync(validatorId, 1)).DealtCount < 3, "the reorg should have dropped deals");

            await cluster.Nodes[3].StartAsync();
            await cluster.WaitForStatusAsync(validatorId, Deposited);
            foreach (var (dealer, hash) in firstHashes)
                Assert.Equal(hash, await cluster.DealHashAsync(validatorId, 1, dealer)); // the same deal, not a new one
            // Each coordinator either saw the reorg (its follower had passed the replaced blocks) or found its deal's
            // receipt gone; either way it sent the same deal again.
            Assert.Contains(cluster.Nodes.Take(3).SelectMany(n => n.Log), l => l.Contains("the chain reorganised") || l.Contains("not confirmed within"));
            var key = (await cluster.Registry.GetValidatorKeyAsync(validatorId)).PublicKey;
            ValidatorEntryTests.AssertSharesSignForKey(cluster, validatorId, 1, key, 3);
        }
        catch
        {
            ValidatorEntryTests.Dump(output, cluster);
            throw;
        }
    }
}
