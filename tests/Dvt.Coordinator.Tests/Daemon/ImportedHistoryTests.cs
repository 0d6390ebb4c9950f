using System.Net;
using Dvt.Consensus;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Rpc;
using Dvt.Coordinator.Cli.Validators;
using Dvt.Coordinator.Devnet;
using Dvt.SlashingProtection.Interchange;
using Xunit.Abstractions;

namespace Dvt.Coordinator.Tests.Daemon;

/// <summary>
/// An imported validator's EIP-3076 history reaches every holder through the chain (issue 10 item 3), with real
/// coordinators on anvil: the owner imports a beacon validator into 3-of-4 DVT with the low watermarks of its
/// interchange file; every holder reads them from the ValidatorImported event at its confirmed block and the
/// threshold path refuses what lies at or below them, though it is later than the chain time of the split.
/// </summary>
public sealed class ImportedHistoryTests(ITestOutputHelper output)
{
    private const byte ThreeOfFour = 1;
    private const byte RoundCompleted = 3;
    private const ulong SlotsPerEpoch = 32, SecondsPerSlot = 12;
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_threshold_path_refuses_a_vote_and_a_block_at_or_below_the_imported_watermarks()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.AddOperatorsAsync(4); // without duty consensus (the cluster's default): the gate tested is slashing protection
        foreach (var node in cluster.Nodes)
            await node.StartAsync();
        try
        {
            var owner = cluster.Nodes[0];
            using var existing = Dvt.Crypto.Bls.BlsSecretKey.Generate();
            var publicKeyBytes = existing.PublicKey.ToBytes();
            var publicKey = "0x" + Convert.ToHexStringLower(publicKeyBytes);
            var credentials = WithdrawalCredentials.ForAddress(owner.Address);
            owner.Host!.Keys.StageImport(existing, credentials.Bytes);

            // The key's history (what its old signer signed, as its EIP-3076 file says) runs ten epochs ahead of the
            // chain time, so that only the imported watermarks can refuse what comes below it.
            var now = await ChainEpochAsync(cluster);
            ulong imported = now + 10;
            var history = InterchangeJson.Parse(System.Text.Encoding.UTF8.GetBytes($$"""
                {"metadata":{"interchange_format_version":"5","genesis_validators_root":"0x{{new string('0', 64)}}"},
                 "data":[{"pubkey":"{{publicKey}}","signed_blocks":[{"slot":"{{imported * SlotsPerEpoch + 1}}"}],
                          "signed_attestations":[{"source_epoch":"{{imported - 1}}","target_epoch":"{{imported}}"}]}]}
                """));
            var watermarks = ImportWatermarks.Of(history, publicKeyBytes);
            Assert.Equal(new ImportWatermarks(imported * SlotsPerEpoch + 1, imported - 1, imported), watermarks);
            await owner.TransactAsync(r => r.ImportValidatorAsync(publicKeyBytes, ThreeOfFour, credentials,
                watermarks.HighestSignedBlockSlot, watermarks.HighestSourceEpoch, watermarks.HighestTargetEpoch));
            var validatorId = await cluster.Registry.ValidatorCountAsync();
            await DevnetCluster.WaitUntilAsync(async () => (await cluster.Registry.GetRoundAsync(validatorId, 1)).Status == RoundCompleted, Long,
                "the split of the imported key");
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(cluster.Nodes.All(n => n.Host!.Directory.ByValidatorId(validatorId) is { IsSolo: false })),
                Long, "every holder serving the validator");

            var duties = new DutyFactory(ConsensusPreset.Mainnet, cluster.Network.GenesisValidatorsRoot!.Value.ToString());
            using var client = new Web3SignerClient(new Uri($"http://127.0.0.1:{cluster.Nodes[1].ValidatorClientPort}"));
            // Target imported - 5 under an imported target of `imported`: later than the split's chain time, still refused.
            var below = duties.Epoch(publicKey, imported - 5, validatorIndex: 0);
            foreach (var type in new[] { "ATTESTATION", "BLOCK_V2" })
            {
                var answer = await client.SignAsync(below.Single(d => d.Type == type), CancellationToken.None);
                Assert.True(answer.Status == HttpStatusCode.PreconditionFailed, $"{type} under the imported watermarks: {(int)answer.Status} {answer.Message}");
                Assert.Contains("watermark", answer.Message);
            }
            // At the imported target itself: refused too.
            var at = await client.SignAsync(duties.Epoch(publicKey, imported, validatorIndex: 0).Single(d => d.Type == "ATTESTATION"), CancellationToken.None);
            Assert.True(at.Status == HttpStatusCode.PreconditionFailed, $"attestation at the imported target: {(int)at.Status} {at.Message}");

            // Above the imported history the same quorum signs.
            var above = duties.Epoch(publicKey, imported + 1, validatorIndex: 0);
            foreach (var type in new[] { "ATTESTATION", "BLOCK_V2" })
            {
                var answer = await client.SignAsync(above.Single(d => d.Type == type), CancellationToken.None);
                Assert.True(answer.Status == HttpStatusCode.OK, $"{type} above the imported watermarks: {(int)answer.Status} {answer.Message}");
            }
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
