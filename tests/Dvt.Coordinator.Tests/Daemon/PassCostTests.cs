using System.Text.Json.Nodes;
using Dvt.ContractBindings.Rpc;
using Dvt.Coordinator.Devnet;
using Xunit.Abstractions;

namespace Dvt.Coordinator.Tests.Daemon;

/// <summary>
/// What a coordinator's periodic pass costs the node, counted by a real proxy between four in-process coordinators and
/// anvil: nothing when nothing changed, and only the changed validator's views when one changes.
/// </summary>
public sealed class PassCostTests(ITestOutputHelper output)
{
    private const byte ThreeOfFour = 1, Split = 1, Deposited = 3;

    [Fact]
    public async Task A_pass_reads_only_the_validators_that_changed_and_nothing_when_none_did()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var proxy = await CountingRpcProxy.StartAsync(cluster.Anvil.Url);
        try
        {
            var nodes = new List<CoordinatorNode>();
            for (var i = 1; i <= 4; i++)
                nodes.Add(await cluster.AddOperatorAsync(new OperatorSetup { ExtraConfig = new JsonObject { ["rpcUrl"] = proxy.UrlFor($"op{i}").ToString() } }));
            // Requested before the coordinators start: the owner's coordinator sends with the same account.
            var owner = nodes[0];
            ulong[] settled = [await owner.RequestValidatorAsync(ThreeOfFour, Split), await owner.RequestValidatorAsync(ThreeOfFour, Split)];
            foreach (var node in nodes)
                await node.StartAsync();
            foreach (var id in settled)
                await WaitServedAsync(cluster, nodes, id);

            // Idle: at least 20 passes per coordinator (each checks its cursor block with eth_getBlockByNumber) and no view at all.
            proxy.Reset();
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(nodes.All(n => proxy.Count($"op{n.Number}", "eth_getBlockByNumber") >= 20)),
                TimeSpan.FromSeconds(60), "20 idle passes of every coordinator");
            foreach (var node in nodes)
            {
                output.WriteLine($"op{node.Number} idle: {proxy.Count($"op{node.Number}", "eth_getBlockByNumber")} passes, {proxy.Count($"op{node.Number}", "eth_call")} eth_call");
                foreach (var call in proxy.Requests($"op{node.Number}", "eth_call"))
                    output.WriteLine("  " + (call.Length > 300 ? call[..300] + "..." : call));
            }
            Assert.All(nodes, n => Assert.Equal(0, proxy.Count($"op{n.Number}", "eth_call")));
            Assert.Empty(proxy.RegistryViews(cluster.Registry.Address));

            // One validator changes (a new one goes from request to deposit; every coordinator is idle, so the account's
            // nonce is free): only it is read, by every coordinator.
            proxy.Reset();
            var added = await owner.RequestValidatorAsync(ThreeOfFour, Split);
            await WaitServedAsync(cluster, nodes, added);
            var read = proxy.ValidatorsRead(cluster.Registry.Address);
            output.WriteLine($"while validator {added} entered: getValidator of {string.Join(",", read.Distinct())}, {read.Count} in all; " +
                             $"{proxy.RegistryViews(cluster.Registry.Address).Count} registry views; " +
                             string.Join(", ", nodes.Select(n => $"op{n.Number} {proxy.Count($"op{n.Number}", "eth_call")} eth_call")));
            Assert.Equal([added], read.Distinct().ToArray());
            Assert.All(nodes, n => Assert.True(proxy.Count($"op{n.Number}", "eth_call") > 0, $"op{n.Number} never read the new validator"));
        }
        catch
        {
            ValidatorEntryTests.Dump(output, cluster);
            throw;
        }
    }

    /// <summary>Deposited, served by every holder, and every coordinator's pass done at the chain's head (the deposit's event handled).</summary>
    private static async Task WaitServedAsync(DevnetCluster cluster, IReadOnlyList<CoordinatorNode> nodes, ulong validatorId)
    {
        await cluster.WaitForStatusAsync(validatorId, Deposited);
        var key = (await cluster.Registry.GetValidatorKeyAsync(validatorId)).PublicKey;
        await DevnetCluster.WaitUntilAsync(() => Task.FromResult(nodes.All(n => n.Host!.Directory.Find(key) is not null)),
            TimeSpan.FromSeconds(30), $"every coordinator serving validator {validatorId}");
        var head = await cluster.Rpc.BlockNumberAsync();
        await DevnetCluster.WaitUntilAsync(() => Task.FromResult(nodes.All(n => n.Host!.LastBlock is { } b && b.Value >= head.Value)),
            TimeSpan.FromSeconds(30), $"every coordinator's pass at block {head}");
    }
}
