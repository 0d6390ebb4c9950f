using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dvt.Consensus.Primitives;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Transactions;
using Dvt.Coordinator.Cli.Validators;
using Dvt.Coordinator.Devnet;
using Dvt.Crypto.Bls;
using Dvt.TestSupport;
using Xunit.Abstractions;

namespace Dvt.EndToEnd.Tests;

/// <summary>
/// A real consensus client signing through dvt: the four interop genesis validators of a Lodestar dev chain are
/// imported, as existing keys, into 3-of-4 DVT validators on a registry on anvil; four coordinators run as
/// processes; Lodestar's validator client signs everything through operator 1's Web3Signer API. The test passes
/// only when the beacon chain finalizes and every signature came from the threshold path (no recovery-key use).
/// </summary>
public sealed partial class LodestarFinalityTests(ITestOutputHelper output)
{
    private const int Validators = 4;

    [SkippableFact]
    public async Task Lodestar_finalizes_with_a_3_of_4_cluster_signing_every_duty_by_threshold()
    {
        LodestarInterop.RequireKit();
        await LodestarInterop.InstallAsync();

        var workDir = Path.Combine(Path.GetTempPath(), "dvt-e2e-" + Guid.NewGuid().ToString("N")[..10]);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(12));
        var ct = cts.Token;
        var cluster = await DevnetCluster.StartAsync(DevnetClusterSettings.ForDevnet(workDir, RepoPaths.Tool("anvil"), TimeSpan.FromSeconds(2)), new ChildProcessCoordinators(), ct);
        try
        {
            // Lodestar's dev chain uses the minimal preset: the coordinators must compute signing roots with it.
            cluster.ExtraConfig["preset"] = JsonValue.Create("minimal");
            // Lodestar's dev chain is created after the keys are dealt (run-devnet.sh starts it at its own genesis),
            // so no slot existed when the holders received their shares: a genesis time after every key round says
            // exactly that (no low watermark), and nothing here reads the clock otherwise.
            cluster.ExtraConfig["genesisTime"] = JsonValue.Create((ulong)DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds());
            cluster.ExtraConfig["secondsPerSlot"] = JsonValue.Create(2UL);
            for (var i = 0; i < Validators; i++)
                await cluster.AddOperatorAsync(ct: ct);
            var owner = cluster.Nodes[0];
            foreach (var node in cluster.Nodes)
                await node.StartAsync(ct);
            await Task.WhenAll(cluster.Nodes.Select(n => n.WaitUntilUpAsync(TimeSpan.FromSeconds(90), ct)));
            var keys = owner.Keys;
            var credentials = WithdrawalCredentials.ForAddress(owner.Address);
            var expected = new List<string>();
            for (var i = 0; i < Validators; i++)
            {
                using var key = InteropKeys.SecretKey(i);
                var publicKey = key.PublicKey.Bytes.ToHex().ToLowerInvariant();
                expected.Add(publicKey);
                // One key at a time: the owner's coordinator gives a staged key to the next validator with these credentials.
                keys.StageImport(key, credentials.Bytes);
                // Already active on the beacon chain: registered without a deposit; genesis keys have no signing history.
                await owner.TransactAsync(r => r.ImportValidatorAsync(key.PublicKey.Bytes.AsSpan().ToArray(), 1, credentials, 0, 0, 0, ct), ct);
                var id = (ulong)(i + 1);
                var set = await WaitForAsync(async () =>
                {
                    var onChain = Hex.Encode((await cluster.Registry.GetValidatorKeyAsync(id, ct: ct)).PublicKey).ToLowerInvariant();
                    return onChain.Length > 2 ? onChain : null;
                }, TimeSpan.FromMinutes(2), ct);
                Assert.True(set == publicKey, $"validator {id} got key {set ?? "(none)"}, expected interop key {i} {publicKey}: {owner.LastLines(5)}");
            }
            output.WriteLine($"imported {Validators} interop keys via importValidator");

            using var signer = owner.Signer();
            var served = await WaitForAsync(async () =>
            {
                var keysServed = await signer.PublicKeysAsync(ct);
                return expected.All(keysServed.Contains) ? keysServed : null;
            }, TimeSpan.FromMinutes(4), ct);
            if (served is null)
            {
                var onChain = new List<string>();
                for (ulong id = 1; id <= Validators; id++)
                {
                    var state = await cluster.Registry.GetValidatorAsync(id, ct: ct);
                    var key = await cluster.Registry.GetValidatorKeyAsync(id, ct: ct);
                    onChain.Add($"{id}: {Dvt.Coordinator.Cli.RegistryNames.ValidatorStatus(state.Status)} {Hex.Encode(key.PublicKey)}");
                }
                Assert.Fail($"operator 1 does not serve the four interop keys {string.Join(",", expected)}; it serves [{string.Join(",", await signer.PublicKeysAsync(ct))}]; "
                    + $"registry: {string.Join("; ", onChain)}; log: {owner.LastLines(5)}");
            }
            for (ulong id = 1; id <= Validators; id++)
            {
                var holders = await cluster.Registry.GetHoldersAsync(id, ct: ct);
                Assert.Equal(4, holders.Length);
            }

            var started = DateTime.UtcNow;
            var run = await ScriptRunner.RunAsync(Path.Combine(LodestarInterop.KitFolder, "run-devnet.sh"),
                ["--lodestar", LodestarInterop.InstallFolder, "--signer-url", owner.ValidatorClientEndpoint.ToString().TrimEnd('/'), "--validators", "4",
                 "--slot-seconds", "2", "--timeout", "300", "--workdir", Path.Combine(workDir, "lodestar")],
                TimeSpan.FromMinutes(7));
            var seconds = (DateTime.UtcNow - started).TotalSeconds;
            output.WriteLine(run.Output);
            var counts = new List<SigningPathCounts>();
            foreach (var node in cluster.Nodes)
            {
                using var client = node.Signer();
                counts.Add(await client.PathCountsAsync(ct));
            }
            var recovery = counts.Sum(c => c.Recovery);
            var threshold = counts.Sum(c => c.Threshold);
            output.WriteLine($"finality run: {seconds:0} s; threshold signatures {threshold}, recovery {recovery}, solo {counts.Sum(c => c.Solo)}");
            Assert.True(run.ExitCode == 0, $"the chain did not finalize (exit {run.ExitCode}); operator 1: {owner.LastLines(5)}");
            var finalized = FinalizedLine().Match(run.Output);
            Assert.True(finalized.Success, "run-devnet.sh did not print the finalized epoch");
            Assert.True(int.Parse(finalized.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1);
            Assert.True(threshold > 0, "no signature came from the threshold path");
            Assert.Equal(0, recovery);
        }
        finally
        {
            await cluster.DisposeAsync();
            try
            {
                Directory.Delete(workDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<T?> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, CancellationToken ct) where T : class
        => (await BoundedPoll.UntilAsync(_ => probe(), value => value is not null, timeout, TimeSpan.FromMilliseconds(500), ct)).Last;

    [GeneratedRegex(@"finalized epoch (\d+) at head slot")]
    private static partial Regex FinalizedLine();
}
