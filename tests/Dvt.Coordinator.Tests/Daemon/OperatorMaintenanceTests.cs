using Dvt.Coordinator.Devnet;
using Dvt.Coordinator.Tests.Cli;
using Dvt.Crypto.ShareEncryption;
using Dvt.Consensus.Primitives;
using Dvt.ContractBindings.Rpc;
using Dvt.Signer.Directory;
using Xunit.Abstractions;

namespace Dvt.Coordinator.Tests.Daemon;

/// <summary>
/// Operator maintenance in place (issue 13 item 5) reaches running coordinators, with the real `dvt` command line
/// against anvil: `dvt operator rotate-key` registers a new share-encryption key that the operator's running
/// coordinator takes up and receives its next shares under (the previous key kept in the data directory), and
/// `dvt operator set-endpoint` moves an operator's peer endpoint in every running coordinator's directory.
/// </summary>
public sealed class OperatorMaintenanceTests(ITestOutputHelper output)
{
    private const byte ThreeOfFour = 1, Dkg = 2;
    private const byte Deposited = 3;
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_rotated_key_and_a_new_endpoint_are_taken_up_by_running_coordinators()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.AddOperatorsAsync(4);
        foreach (var node in cluster.Nodes)
            await node.StartAsync();
        try
        {
            string[] chain = ["--rpc-url", cluster.Anvil.Url.ToString(), "--registry", cluster.Registry.Address.ToString()];
            string[] Keys(CoordinatorNode node) => ["--data-dir", node.DataDir, "--password-file", node.PasswordFile];
            var rotating = cluster.Nodes[1];
            var previous = rotating.Host!.Keys.ShareEncryptionPublicKey;

            var rotated = await DvtExecutable.RunAsync(["operator", "rotate-key", .. chain, .. Keys(rotating), "--kdf", "pbkdf2"]);
            Assert.True(rotated.ExitCode == 0, rotated.ToString());
            var head = await cluster.Registry.Rpc.BlockNumberAsync();
            var contacts = await new Dvt.Coordinator.Chain.OperatorContactReader(cluster.Registry, cluster.DeployedAt).ReadAsync([rotating.OperatorId], head, CancellationToken.None);
            var registered = ShareEncryptionPublicKey.Decode(contacts[rotating.OperatorId].ShareEncryptionKey);
            Assert.False(registered.Equals(previous));
            Assert.Contains(Convert.ToHexStringLower(registered.Span), rotated.Stdout);
            // The running coordinator follows the registry to the new key; the previous one stays in the data directory.
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(rotating.Host!.Keys.ShareEncryptionPublicKey.Equals(registered)), Long,
                "the running coordinator using the rotated key");
            Assert.True(File.Exists(rotating.Host!.Keys.OtherShareEncryptionKeystore(previous)));

            // A DKG after the rotation deals to the new key: the rotated operator opens its share (and acks), so the
            // validator is deposited.
            var validatorId = await cluster.Nodes[0].RequestValidatorAsync(ThreeOfFour, Dkg);
            await cluster.WaitForStatusAsync(validatorId, Deposited);
            Assert.Single(rotating.ShareFiles(validatorId));

            // A new endpoint (the same listener under another name) reaches every running coordinator's directory.
            var moving = cluster.Nodes[2];
            var url = $"http://localhost:{moving.Port}/";
            var moved = await DvtExecutable.RunAsync(["operator", "set-endpoint", url, .. chain, .. Keys(moving)]);
            Assert.True(moved.ExitCode == 0, moved.ToString());
            await DevnetCluster.WaitUntilAsync(() => Task.FromResult(cluster.Nodes.All(n =>
                    n.Host!.Directory.Find(new OperatorId(moving.OperatorId))?.Endpoint == new Uri(url))), Long,
                "every coordinator using the new endpoint");

            // Refused in one line: not an operator.
            var stranger = await DvtExecutable.RunAsync(["operator", "rotate-key", .. chain, "--data-dir", Path.Combine(cluster.WorkDir, "nobody"),
                "--password-file", rotating.PasswordFile]);
            Assert.NotEqual(0, stranger.ExitCode);
            Assert.DoesNotContain("\n   at ", stranger.Stderr);
        }
        catch
        {
            ValidatorEntryTests.Dump(output, cluster);
            throw;
        }
    }
}
