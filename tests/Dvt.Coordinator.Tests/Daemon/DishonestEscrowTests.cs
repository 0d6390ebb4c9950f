using Dvt.Coordinator.Devnet;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Dvt.Coordinator.Tests.Daemon;

/// <summary>
/// Issue 13, rounds no single member can stall, on the coordinator side with real coordinators on anvil: a DKG dealer
/// that escrows a bad constant to the owner is complained about by the owner's coordinator (instead of the owner
/// stalling before its ack), judged at fault by the other receivers from public data, and replaced by a drawn operator
/// when the owner restarts the round; the validator still ends deposited, with the key the owner rebuilt.
/// </summary>
public sealed class DishonestEscrowTests(ITestOutputHelper output)
{
    private const byte ThreeOfFour = 1, Dkg = 2;
    private const byte Deposited = 3;
    private const byte RoundFailed = 4, RoundCompleted = 3;
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_bad_escrow_to_the_owner_is_complained_about_judged_on_the_dealer_and_the_dealer_replaced()
    {
        await using var cluster = await TestCluster.StartAsync();
        try
        {
            await cluster.AddOperatorAsync();
            // Operator 2 is the dishonest member: in round 1 it corrupts the escrow of its constant term to the owner.
            await cluster.AddOperatorAsync(FaultInjectingShareCorruption.Dealer([], corruptEscrow: true));
            await cluster.AddOperatorAsync();
            await cluster.AddOperatorAsync();
            foreach (var node in cluster.Nodes)
                await node.StartAsync();
            var owner = cluster.Nodes[0];
            var validatorId = await owner.RequestValidatorAsync(ThreeOfFour, Dkg); // four operators: all of them hold it

            // The owner complains against dealer 2; judges 3 and 4 put the fault on it; the owner restarts without it,
            // and the draw of its replacement waits for a fifth operator. (A draw is pending right after the request too,
            // until its block comes: only a pending draw after round 1 failed is the restart's.)
            await DevnetCluster.WaitUntilAsync(async () =>
                    (await cluster.Registry.GetRoundAsync(validatorId, 1)).Status == RoundFailed
                    && await cluster.Registry.PendingDrawAsync(validatorId) != 0, Long,
                "the restart without the dealer judged at fault");
            Assert.DoesNotContain(2UL, await cluster.Registry.GetHoldersAsync(validatorId));
            await cluster.AddOperatorAsync();
            await cluster.Nodes[^1].StartAsync();
            await cluster.WaitForStatusAsync(validatorId, Deposited);

            Assert.Equal(RoundFailed, (await cluster.Registry.GetRoundAsync(validatorId, 1)).Status);
            Assert.Equal(RoundCompleted, (await cluster.Registry.GetRoundAsync(validatorId, 2)).Status);
            var holders = await cluster.Registry.GetHoldersAsync(validatorId);
            Assert.Equal([1UL, 3UL, 4UL, 5UL], holders.Order().ToArray());
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(cluster.Nodes.All(n => n.Host!.State.Rulings().Count == 1)), Long,
                "every coordinator ruling on the complaint");
            foreach (var node in cluster.Nodes)
            {
                var ruling = Assert.Single(node.Host!.State.Rulings());
                // The complainer is the owner (1): what it received from dealer 2, its escrow, does not decrypt.
                Assert.Equal((validatorId, 1u, 1UL, 2UL, "Dealer"), (ruling.ValidatorId, ruling.Round, ruling.ComplainerId, ruling.DealerId, ruling.Fault));
                Assert.Contains("index 0", ruling.Reason);
            }
            var key = (await cluster.Registry.GetValidatorKeyAsync(validatorId)).PublicKey;
            Assert.True(owner.HasFullKey(validatorId));
            Assert.Equal(key, owner.Host!.Keys.LoadFullKey(validatorId)!.PublicKey.ToBytes());
            Assert.Empty(cluster.Nodes[1].ShareFiles(validatorId));
            ValidatorEntryTests.AssertSharesSignForKey(cluster, validatorId, 2, key, 3);
        }
        catch
        {
            ValidatorEntryTests.Dump(output, cluster);
            throw;
        }
    }
}
