using System.Net;
using Dvt.Consensus;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Rpc;
using Dvt.Coordinator.Devnet;
using Xunit.Abstractions;

namespace Dvt.Coordinator.Tests.Daemon;

/// <summary>
/// The validator's slashing history reaches every holder, through real coordinators on anvil: after a solo validator
/// converts to DVT, holders that never signed for it start from the chain time of the split, so a quorum without the
/// owner cannot contradict what the solo key signed before.
/// </summary>
public sealed class SigningHistoryTests(ITestOutputHelper output)
{
    private const byte ThreeOfFour = 1;
    private const byte Deposited = 3;
    private const byte RoundCompleted = 3;
    private const ulong SlotsPerEpoch = 32, SecondsPerSlot = 12;
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_double_vote_spanning_solo_to_dvt_is_refused_by_a_quorum_of_new_holders()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.AddOperatorsAsync(4);
        foreach (var node in cluster.Nodes)
            await node.StartAsync();
        try
        {
            var owner = cluster.Nodes[0];
            var validatorId = await owner.RequestValidatorAsync(0, 0); // solo
            await cluster.WaitForStatusAsync(validatorId, Deposited);
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(owner.Host!.Directory.ByValidatorId(validatorId) is { IsSolo: true }), Long,
                "the owner signing solo");
            var publicKey = "0x" + Convert.ToHexStringLower((await cluster.Registry.GetValidatorKeyAsync(validatorId)).PublicKey);
            var duties = new DutyFactory(ConsensusPreset.Mainnet, cluster.Network.GenesisValidatorsRoot!.Value.ToString());

            // The solo key attests for the current epoch, as a validator client would.
            var epoch = await ChainEpochAsync(cluster);
            var vote = duties.Epoch(publicKey, epoch, validatorIndex: 0).Single(d => d.Type == "ATTESTATION");
            using (var ownerClient = new Web3SignerClient(new Uri($"http://127.0.0.1:{owner.ValidatorClientPort}")))
            {
                var solo = await ownerClient.SignAsync(vote, CancellationToken.None);
                Assert.True(solo.Status == HttpStatusCode.OK, $"solo attestation: {(int)solo.Status} {solo.Message}");
            }

            await owner.TransactAsync(r => r.ConvertToDvtAsync(validatorId, ThreeOfFour));
            await DevnetCluster.WaitUntilAsync(async () => (await cluster.Registry.GetRoundAsync(validatorId, 1)).Status == RoundCompleted, Long, "the split");
            var others = cluster.Nodes.Skip(1).ToArray();
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(others.All(n => n.Host!.Directory.ByValidatorId(validatorId) is { IsSolo: false })), Long,
                "the new holders serving the validator");

            // The owner (the only holder with the solo history) is gone; the three new holders are a quorum.
            await owner.StopAsync();
            using var client = new Web3SignerClient(new Uri($"http://127.0.0.1:{others[0].ValidatorClientPort}"));
            var conflicting = await client.SignAsync(duties.ConflictingAttestation(publicKey, epoch), CancellationToken.None);
            Assert.True(conflicting.Status == HttpStatusCode.PreconditionFailed, $"double vote: {(int)conflicting.Status} {conflicting.Message}");
            Assert.Contains("watermark", conflicting.Message);

            // What the chain time allows is still signed by the same quorum.
            var later = duties.Epoch(publicKey, epoch + 3, validatorIndex: 0).Single(d => d.Type == "ATTESTATION");
            var fresh = await client.SignAsync(later, CancellationToken.None);
            Assert.True(fresh.Status == HttpStatusCode.OK, $"a later attestation: {(int)fresh.Status} {fresh.Message}");
        }
        catch
        {
            ValidatorEntryTests.Dump(output, cluster);
            throw;
        }
    }

    private static async Task<ulong> ChainEpochAsync(DevnetCluster cluster)
    {
        var head = await cluster.Rpc.GetBlockByNumberAsync(BlockTag.Latest);
        var now = Math.Max(head!.Timestamp, (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        return (now - cluster.GenesisTime) / SecondsPerSlot / SlotsPerEpoch;
    }
}
