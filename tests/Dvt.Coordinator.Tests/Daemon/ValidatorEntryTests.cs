using Dvt.Coordinator.Devnet;
using Dvt.ContractBindings.Rpc;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;
using Xunit.Abstractions;

namespace Dvt.Coordinator.Tests.Daemon;

/// <summary>Validator entry end to end: real anvil, the real registry, one coordinator per operator.</summary>
public sealed class ValidatorEntryTests(ITestOutputHelper output)
{
    private const byte ThreeOfFour = 1, FiveOfSeven = 2;
    private const byte Split = 1, Dkg = 2;
    private const byte Deposited = 3;

    internal static void Dump(ITestOutputHelper output, DevnetCluster cluster)
    {
        foreach (var node in cluster.Nodes)
        {
            output.WriteLine($"--- operator {node.OperatorId}: last block {node.Host?.LastBlock}, loop {node.Host?.Completion.Status}");
            foreach (var line in node.Log.TakeLast(60))
                output.WriteLine(line);
        }
    }

    /// <summary>Every holder's share from the round, t of them combined, must sign for the validator key.</summary>
    internal static void AssertSharesSignForKey(DevnetCluster cluster, ulong validatorId, uint round, byte[] publicKey, int threshold)
    {
        var message = "dvt test message"u8.ToArray();
        var partials = new List<PartialSignature>();
        foreach (var node in cluster.Nodes)
        {
            using var share = node.ReadShare(validatorId, round);
            if (share is not null)
                partials.Add(share.Sign(message));
        }
        Assert.True(partials.Count >= threshold, $"only {partials.Count} shares of validator {validatorId} round {round} found");
        var signature = ThresholdSigning.Combine(partials.Take(threshold).ToList(), threshold);
        Assert.True(BlsPublicKey.Decode(publicKey).Verify(message, signature));
        var other = ThresholdSigning.Combine(partials.Skip(partials.Count - threshold).ToList(), threshold);
        Assert.True(BlsPublicKey.Decode(publicKey).Verify(message, other));
    }

    [Theory]
    [InlineData(Split)]
    [InlineData(Dkg)]
    public async Task Three_of_four_entry_reaches_deposit_with_shares_at_every_holder(byte keyGeneration)
    {
        await using var cluster = await TestCluster.StartAsync();
        try
        {
            var nodes = await cluster.AddOperatorsAsync(4);
            foreach (var node in nodes)
                await node.StartAsync();
            var owner = nodes[0];
            var validatorId = await owner.RequestValidatorAsync(ThreeOfFour, keyGeneration);

            await cluster.WaitForStatusAsync(validatorId, Deposited);

            var key = await cluster.Registry.GetValidatorKeyAsync(validatorId);
            Assert.Equal(48, key.PublicKey.Length);
            foreach (var node in nodes)
                Assert.Equal(["share-round-1.json"], node.ShareFiles(validatorId));
            Assert.True(owner.HasFullKey(validatorId));
            Assert.All(nodes.Skip(1), n => Assert.False(n.HasFullKey(validatorId)));
            AssertSharesSignForKey(cluster, validatorId, 1, key.PublicKey, 3);
            // The owner's recovery key is the validator key.
            using (var full = Dvt.Crypto.Keystores.Keystore.Load(owner.Paths.FullKeyKeystore(validatorId)).DecryptBlsSecretKey(cluster.Password))
                Assert.Equal(key.PublicKey, full.PublicKey.ToBytes());
            // The deposit was signed by t holders over the peer API, not by the owner alone.
            Assert.Contains(owner.Log, l => l.Contains("deposit signed through the threshold path"));
            // The deposit contract got the 32 ETH.
            Assert.Equal(DevnetCluster.DepositAmount, await cluster.Rpc.GetBalanceAsync(cluster.DepositAddress));
            // Every coordinator now serves the key through its signing directory.
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(nodes.All(n => n.Host!.Directory.Find(key.PublicKey) is not null)),
                TimeSpan.FromSeconds(10), "every signing directory listing the validator");
            using (var http = new HttpClient())
            {
                var metrics = await http.GetStringAsync($"http://127.0.0.1:{owner.ValidatorClientPort}/metrics");
                Assert.Contains("dvt_coordinator_transactions_total{step=\"submitDeal\"}", metrics);
                Assert.Contains("dvt_coordinator_transactions_total{step=\"deposit\"} 1", metrics);
                var keys = await http.GetStringAsync($"http://127.0.0.1:{nodes[2].ValidatorClientPort}/api/v1/eth2/publicKeys");
                Assert.Contains(Convert.ToHexStringLower(key.PublicKey), keys);
            }
            var set = owner.Host!.Directory.Find(key.PublicKey)!;
            Assert.Equal(new ThresholdScheme(3, 4), set.Scheme);
            Assert.Equal(nodes.Select(n => n.OperatorId).Order(), set.Holders.Select(h => h.Operator.Value).Order());
        }
        catch
        {
            Dump(output, cluster);
            throw;
        }
    }
}
