using System.Net;
using Dvt.ContractBindings.Rpc;
using Dvt.Consensus;
using Dvt.Coordinator.Cli.Validators;
using Dvt.Coordinator.Devnet;
using Dvt.Crypto.Bls;
using Xunit.Abstractions;

namespace Dvt.Coordinator.Tests.Daemon;

/// <summary>Exits, operator exits with reshare, staged solo and promotion, revert to solo, and a dishonest dealer.</summary>
public sealed class LifecycleTests(ITestOutputHelper output)
{
    private const byte ThreeOfFour = 1;
    private const byte Split = 1, Dkg = 2;
    private const byte Ready = 2, Deposited = 3, Exited = 5;
    private const byte KindSolo = 0, KindDvt = 1, KindStaged = 2;
    private const byte RoundCompleted = 3;
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    private async Task<DevnetCluster> ClusterAsync(int operators)
    {
        var cluster = await TestCluster.StartAsync();
        await cluster.AddOperatorsAsync(operators);
        foreach (var node in cluster.Nodes)
            await node.StartAsync();
        return cluster;
    }

    private async Task Guarded(DevnetCluster cluster, Func<Task> body)
    {
        try
        {
            await body();
        }
        catch
        {
            ValidatorEntryTests.Dump(output, cluster);
            throw;
        }
    }

    private static CoordinatorNode NodeOf(DevnetCluster cluster, ulong operatorId) => cluster.Nodes.Single(n => n.OperatorId == operatorId);

    [Fact]
    public async Task Validator_exit_deletes_every_share_and_the_owner_keeps_its_full_key()
    {
        await using var cluster = await ClusterAsync(4);
        await Guarded(cluster, async () =>
        {
            var owner = cluster.Nodes[0];
            var validatorId = await owner.RequestValidatorAsync(ThreeOfFour, Split);
            await cluster.WaitForStatusAsync(validatorId, Deposited);
            Assert.All(cluster.Nodes, n => Assert.NotEmpty(n.ShareFiles(validatorId)));

            await owner.TransactAsync(r => r.RequestValidatorExitAsync(validatorId));
            await cluster.WaitForStatusAsync(validatorId, Exited);
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(cluster.Nodes.All(n => n.ShareFiles(validatorId).Count == 0)), Long,
                "every holder deleting its share");
            Assert.Empty(await cluster.Registry.GetHoldersAsync(validatorId));
            Assert.True(owner.HasFullKey(validatorId));
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(cluster.Nodes.All(n => n.Host!.Directory.ByValidatorId(validatorId) is null)), Long,
                "every signing directory dropping the validator");
        });
    }

    [Fact]
    public async Task Operator_exit_reshares_to_a_newcomer_and_keeps_the_validator_key()
    {
        await using var cluster = await ClusterAsync(5);
        await Guarded(cluster, async () =>
        {
            var owner = cluster.Nodes[0];
            var validatorId = await owner.RequestValidatorAsync(ThreeOfFour, Dkg);
            await cluster.WaitForStatusAsync(validatorId, Deposited);
            var key = (await cluster.Registry.GetValidatorKeyAsync(validatorId)).PublicKey;
            var before = await cluster.Registry.GetHoldersAsync(validatorId);
            var leaving = NodeOf(cluster, before.First(h => h != owner.OperatorId));
            var outsider = cluster.Nodes.Single(n => !before.Contains(n.OperatorId));

            await leaving.TransactAsync(r => r.RequestOperatorExitAsync());
            await DevnetCluster.WaitUntilAsync(async () => (await cluster.Registry.GetRoundAsync(validatorId, 2)).Status == RoundCompleted, Long,
                "the reshare round completing");
            var after = await cluster.Registry.GetHoldersAsync(validatorId);
            Assert.DoesNotContain(leaving.OperatorId, after);
            Assert.Contains(outsider.OperatorId, after);
            Assert.Equal(Array.IndexOf(before, leaving.OperatorId), Array.IndexOf(after, outsider.OperatorId));
            Assert.Equal(key, (await cluster.Registry.GetValidatorKeyAsync(validatorId)).PublicKey);

            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(
                leaving.ShareFiles(validatorId).Count == 0 &&
                cluster.Nodes.Where(n => after.Contains(n.OperatorId)).All(n => n.ShareFiles(validatorId).SequenceEqual(["share-round-2.json"]))), Long,
                "old shares deleted, new shares kept");
            ValidatorEntryTests.AssertSharesSignForKey(cluster, validatorId, 2, key, 3);
            Assert.Equal(3, (await cluster.Registry.GetOperatorAsync(leaving.OperatorId)).Status); // Exited

            // The new holder set signs through the owner's Web3Signer API. Round 1's members are no longer kept by the
            // registry (the holders changed), so this needs them from the recorded events.
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(owner.Host!.Directory.ByValidatorId(validatorId) is { } set &&
                    set.Holders.Select(h => h.Operator.Value).Order().SequenceEqual(after.Order())), Long,
                "the owner's signing directory listing the new holders");
            // With one remaining old holder stopped, a threshold of three needs the newcomer's partial signature.
            var stopped = NodeOf(cluster, after.First(h => h != owner.OperatorId && h != outsider.OperatorId));
            await stopped.StopAsync();
            await AssertOwnerThresholdSignsAsync(owner, key);
        });
    }

    private static async Task AssertOwnerThresholdSignsAsync(CoordinatorNode owner, byte[] key)
    {
        var publicKey = "0x" + Convert.ToHexStringLower(key);
        var duties = new DutyFactory(ConsensusPreset.Mainnet, Dvt.Consensus.Networks.NamedNetworks.Mainnet.GenesisValidatorsRoot!.Value.ToString());
        var randao = duties.Epoch(publicKey, epoch: 1, validatorIndex: 0).Single(d => d.Type == "RANDAO_REVEAL");
        using var client = new Web3SignerClient(new Uri($"http://127.0.0.1:{owner.ValidatorClientPort}"));
        var before = (await client.PathCountsAsync(CancellationToken.None)).Threshold;
        var response = await client.SignAsync(randao, CancellationToken.None);
        Assert.True(response.Status == HttpStatusCode.OK, $"the owner's signer answered {(int)response.Status}: {response.Message}");
        var signature = BlsSignature.Decode(Convert.FromHexString(response.Signature![2..]));
        Assert.True(BlsPublicKey.Decode(key).Verify(Convert.FromHexString(randao.SigningRoot[2..]), signature));
        Assert.Equal(before + 1, (await client.PathCountsAsync(CancellationToken.None)).Threshold);
    }

    [Fact]
    public async Task Staged_solo_validator_deposits_with_the_full_key_then_is_split_when_the_fourth_operator_registers()
    {
        await using var cluster = await ClusterAsync(3);
        await Guarded(cluster, async () =>
        {
            var owner = cluster.Nodes[0];
            var validatorId = await owner.RequestValidatorAsync(ThreeOfFour, Split);
            Assert.Equal(KindStaged, (await cluster.Registry.GetValidatorAsync(validatorId)).Kind);
            await cluster.WaitForStatusAsync(validatorId, Deposited);
            var key = (await cluster.Registry.GetValidatorKeyAsync(validatorId)).PublicKey;
            Assert.Equal(KindStaged, (await cluster.Registry.GetValidatorAsync(validatorId)).Kind);
            Assert.All(cluster.Nodes, n => Assert.Empty(n.ShareFiles(validatorId)));

            var fourth = await cluster.AddOperatorAsync();
            await fourth.StartAsync();
            await DevnetCluster.WaitUntilAsync(async () => (await cluster.Registry.GetValidatorAsync(validatorId)).Kind == KindDvt
                && (await cluster.Registry.GetRoundAsync(validatorId, 1)).Status == RoundCompleted, Long, "promotion and split");
            Assert.Equal(key, (await cluster.Registry.GetValidatorKeyAsync(validatorId)).PublicKey);
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(cluster.Nodes.All(n => n.ShareFiles(validatorId).Count == 1)), Long, "four shares");
            ValidatorEntryTests.AssertSharesSignForKey(cluster, validatorId, 1, key, 3);
        });
    }

    [Fact]
    public async Task Holder_exit_without_replacement_reverts_to_solo_and_shares_are_destroyed()
    {
        await using var cluster = await ClusterAsync(4);
        await Guarded(cluster, async () =>
        {
            var owner = cluster.Nodes[0];
            var validatorId = await owner.RequestValidatorAsync(ThreeOfFour, Split);
            await cluster.WaitForStatusAsync(validatorId, Deposited);
            var key = (await cluster.Registry.GetValidatorKeyAsync(validatorId)).PublicKey;

            await cluster.Nodes[2].TransactAsync(r => r.RequestOperatorExitAsync());
            await DevnetCluster.WaitUntilAsync(async () => (await cluster.Registry.GetValidatorAsync(validatorId)).Kind == KindSolo, Long, "revert to solo");
            Assert.Equal([owner.OperatorId], await cluster.Registry.GetHoldersAsync(validatorId));
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(cluster.Nodes.All(n => n.ShareFiles(validatorId).Count == 0)), Long,
                "every share destroyed");
            Assert.True(owner.HasFullKey(validatorId));
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(owner.Host!.Directory.ByValidatorId(validatorId) is { IsSolo: true }), Long,
                "the owner signing solo");
            Assert.Equal(key, owner.Host!.Directory.ByValidatorId(validatorId)!.PublicKey.ToBytes());
            Assert.All(cluster.Nodes.Skip(1), n => Assert.Null(n.Host!.Directory.ByValidatorId(validatorId)));
        });
    }

    [Fact]
    public async Task Dishonest_dealer_is_judged_on_chain_and_replaced_by_a_drawn_operator_on_restart()
    {
        await using var cluster = await TestCluster.StartAsync();
        await Guarded(cluster, async () =>
        {
            await cluster.AddOperatorAsync();
            await cluster.AddOperatorAsync(FaultInjectingShareCorruption.Dealer([3])); // operator 2 corrupts operator 3's share
            await cluster.AddOperatorAsync();
            await cluster.AddOperatorAsync();
            foreach (var node in cluster.Nodes)
                await node.StartAsync();
            var owner = cluster.Nodes[0];
            var validatorId = await owner.RequestValidatorAsync(ThreeOfFour, Dkg); // four operators: 2 is drawn
            // The judges (1 and 4) put the fault on dealer 2, the owner restarts without it, and the draw of its
            // replacement waits for a fifth operator. (A draw is pending right after the request too, until its block
            // comes: only a pending draw after round 1 failed is the restart's.)
            await DevnetCluster.WaitUntilAsync(async () =>
                    (await cluster.Registry.GetRoundAsync(validatorId, 1)).Status == 4 // Failed
                    && await cluster.Registry.PendingDrawAsync(validatorId) != 0, Long,
                "the restart without the dealer judged at fault");
            Assert.DoesNotContain(2UL, await cluster.Registry.GetHoldersAsync(validatorId));
            await cluster.AddOperatorAsync();
            await cluster.Nodes[^1].StartAsync();
            await cluster.WaitForStatusAsync(validatorId, Deposited);

            var round1 = await cluster.Registry.GetRoundAsync(validatorId, 1);
            Assert.Equal(4, round1.Status); // Failed
            Assert.Equal(RoundCompleted, (await cluster.Registry.GetRoundAsync(validatorId, 2)).Status);
            var holders = await cluster.Registry.GetHoldersAsync(validatorId);
            Assert.Equal([1UL, 3UL, 4UL, 5UL], holders.Order().ToArray()); // the dealer judged at fault is out, 5 drawn in
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(cluster.Nodes.All(n => n.Host!.State.Rulings().Count == 1)), Long,
                "every coordinator ruling on the complaint");
            foreach (var node in cluster.Nodes)
            {
                var ruling = Assert.Single(node.Host!.State.Rulings());
                Assert.Equal((validatorId, 1u, 3UL, 2UL, "Dealer"), (ruling.ValidatorId, ruling.Round, ruling.ComplainerId, ruling.DealerId, ruling.Fault));
            }
            var key = (await cluster.Registry.GetValidatorKeyAsync(validatorId)).PublicKey;
            Assert.All(cluster.Nodes.Where(n => holders.Contains(n.OperatorId)), n => Assert.Equal(["share-round-2.json"], n.ShareFiles(validatorId)));
            Assert.Empty(NodeOf(cluster, 2).ShareFiles(validatorId));
            ValidatorEntryTests.AssertSharesSignForKey(cluster, validatorId, 2, key, 3);
        });
    }

    [Fact]
    public async Task An_imported_beacon_validator_is_split_from_the_staged_key_matched_by_public_key()
    {
        await using var cluster = await ClusterAsync(4);
        await Guarded(cluster, async () =>
        {
            var owner = cluster.Nodes[0];
            using var existing = Dvt.Crypto.Bls.BlsSecretKey.Generate();
            var credentials = WithdrawalCredentials.ForAddress(owner.Address);
            owner.Host!.Keys.StageImport(existing, credentials.Bytes);
            var publicKey = existing.PublicKey.ToBytes();
            await owner.TransactAsync(r => r.ImportValidatorAsync(publicKey, ThreeOfFour, credentials, 0, 0, 0));
            var validatorId = await cluster.Registry.ValidatorCountAsync();

            await DevnetCluster.WaitUntilAsync(async () => (await cluster.Registry.GetRoundAsync(validatorId, 1)).Status == RoundCompleted, Long, "the split of the imported key");
            Assert.Equal(Deposited, (await cluster.Registry.GetValidatorAsync(validatorId)).Status);
            Assert.Equal(publicKey, (await cluster.Registry.GetValidatorKeyAsync(validatorId)).PublicKey);
            Assert.True(owner.HasFullKey(validatorId));
            Assert.Empty(owner.Host!.Keys.StagedImports());
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(cluster.Nodes.All(n => n.ShareFiles(validatorId).Count == 1)), Long, "four shares");
            ValidatorEntryTests.AssertSharesSignForKey(cluster, validatorId, 1, publicKey, 3);
        });
    }

    [Fact]
    public async Task A_solo_validator_converts_to_dvt_with_its_key_unchanged_and_back_to_solo()
    {
        await using var cluster = await ClusterAsync(4);
        await Guarded(cluster, async () =>
        {
            var owner = cluster.Nodes[0];
            var validatorId = await owner.RequestValidatorAsync(0, 0); // solo
            await cluster.WaitForStatusAsync(validatorId, Deposited);
            var key = (await cluster.Registry.GetValidatorKeyAsync(validatorId)).PublicKey;
            Assert.All(cluster.Nodes, n => Assert.Empty(n.ShareFiles(validatorId)));

            await owner.TransactAsync(r => r.ConvertToDvtAsync(validatorId, ThreeOfFour));
            await DevnetCluster.WaitUntilAsync(async () => (await cluster.Registry.GetRoundAsync(validatorId, 1)).Status == RoundCompleted, Long, "the split");
            Assert.Equal(key, (await cluster.Registry.GetValidatorKeyAsync(validatorId)).PublicKey);
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(cluster.Nodes.All(n => n.ShareFiles(validatorId).Count == 1)), Long, "four shares");
            ValidatorEntryTests.AssertSharesSignForKey(cluster, validatorId, 1, key, 3);

            await owner.TransactAsync(r => r.ConvertToSoloAsync(validatorId));
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(cluster.Nodes.All(n => n.ShareFiles(validatorId).Count == 0)), Long, "shares destroyed");
            Assert.Equal(KindSolo, (await cluster.Registry.GetValidatorAsync(validatorId)).Kind);
            Assert.True(owner.HasFullKey(validatorId));
        });
    }
}
