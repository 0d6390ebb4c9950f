using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Primitives;
using Dvt.Coordinator.Stages;
using Dvt.Crypto.Bls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace Dvt.Coordinator.Tests.Daemon;

/// <summary>The holders threshold-sign a voluntary exit; the owner submits it to the beacon node before confirming the exit on chain.</summary>
public sealed class BeaconExitTests(ITestOutputHelper output)
{
    private const string GenesisValidatorsRoot = "0x9143aa7c615a7f7115e2b6aac319c03529df8242ae705fba9df39b79c59fa8b1";
    private const string ExitForkVersion = "0x40000038";

    [Fact]
    public async Task The_exit_posted_to_the_beacon_node_verifies_under_the_validator_key_and_the_exit_domain()
    {
        var posted = new List<string>();
        var looked = new List<string>();
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        await using var beacon = builder.Build();
        beacon.MapGet("/eth/v1/beacon/states/head/validators/{id}", (string id) =>
        {
            lock (looked)
                looked.Add(id);
            return Results.Text("""{"data":{"index":"42","status":"active_ongoing"}}""", "application/json");
        });
        beacon.MapPost("/eth/v1/beacon/pool/voluntary_exits", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            lock (posted)
                posted.Add(body);
            return Results.Ok();
        });
        await beacon.StartAsync();

        await using var cluster = await DevnetCluster.StartAsync();
        try
        {
            var extra = new JsonObject
            {
                ["beaconNodeUrl"] = $"http://127.0.0.1:{port}",
                ["genesisValidatorsRoot"] = GenesisValidatorsRoot,
                ["exitForkVersion"] = ExitForkVersion,
                ["exitEpoch"] = 5,
            };
            for (var i = 0; i < 4; i++)
                await cluster.AddOperatorAsync(extraConfig: extra);
            foreach (var node in cluster.Nodes)
                await node.StartInProcessAsync();
            var owner = cluster.Nodes[0];
            var validatorId = await owner.RequestValidatorAsync(1, 1);
            await cluster.WaitForStatusAsync(validatorId, 3);
            var key = (await cluster.Reader.GetValidatorKeyAsync(validatorId)).PublicKey;

            await owner.TransactAsync(r => r.RequestValidatorExitAsync(validatorId));
            await cluster.WaitForStatusAsync(validatorId, 5);

            Assert.Contains("0x" + Convert.ToHexStringLower(key), looked);
            var exit = JsonNode.Parse(Assert.Single(posted))!;
            Assert.Equal("5", exit["message"]!["epoch"]!.GetValue<string>());
            Assert.Equal("42", exit["message"]!["validator_index"]!.GetValue<string>());
            var signature = BlsSignature.Decode(Convert.FromHexString(exit["signature"]!.GetValue<string>()[2..]));
            var root = DepositMessages.ExitSigningRoot(new VoluntaryExit(new Epoch(5), new ValidatorIndex(42)),
                ForkVersion.Parse(ExitForkVersion), Root.Parse(GenesisValidatorsRoot));
            Assert.True(BlsPublicKey.Decode(key).Verify(root.AsSpan(), signature));
            Assert.Contains(owner.Log, l => l.Contains("voluntary exit signed through the threshold path"));
        }
        catch
        {
            ValidatorEntryTests.Dump(output, cluster);
            throw;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
