using Dvt.Consensus;
using Dvt.Consensus.Primitives;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Directory;
using GenesisValidatorsRoot = Dvt.SlashingProtection.GenesisValidatorsRoot;

namespace Dvt.Signer.Tests.Cluster;

/// <summary>
/// n operators, each a <see cref="SignerNode"/> with its own host, database and keys, sharing t-of-n validators
/// owned by operator 1 (which also holds their recovery keys), plus one solo validator of operator 1.
/// </summary>
public sealed class SignerCluster : IAsyncDisposable
{
    /// <summary>The chain of the Lodestar request examples (their fork_info.genesis_validators_root).</summary>
    public static readonly GenesisValidatorsRoot Chain = GenesisValidatorsRoot.Parse("0xacac7566fdf384a1ada45c01dcf9030d7eb0e1e5f5302659101d0b2a5bb59092");

    public static readonly ForkVersion GenesisForkVersion = ForkVersion.Parse("0x00000001");

    public static readonly OperatorId Owner = new(1);

    private readonly string _directory;

    private SignerCluster(string directory, ThresholdScheme scheme, IReadOnlyList<SignerNode> nodes, IReadOnlyList<DealtValidator> validators,
        DealtValidator solo, StaticOperatorDirectory operators)
    {
        _directory = directory;
        Scheme = scheme;
        Nodes = nodes;
        Validators = validators;
        Solo = solo;
        Operators = operators;
    }

    public ThresholdScheme Scheme { get; }

    public IReadOnlyList<SignerNode> Nodes { get; }

    public IReadOnlyList<DealtValidator> Validators { get; }

    public DealtValidator Solo { get; }

    public StaticOperatorDirectory Operators { get; }

    public SignerNode Node(ulong operatorId) => Nodes[(int)operatorId - 1];

    public static SignerOptions DefaultOptions(OperatorId id) => new(id, ConsensusPreset.Minimal, GenesisForkVersion);

    public static async Task<SignerCluster> StartAsync(
        int threshold, int shareCount, int validatorCount = 1,
        Func<SignerOptions, SignerOptions>? configure = null,
        IReadOnlyCollection<ulong>? corruptOperators = null,
        bool recordLogs = true,
        Func<ulong, Uri>? beaconNodeOf = null)
    {
        var scheme = new ThresholdScheme(threshold, shareCount);
        var directory = Path.Combine(Path.GetTempPath(), "dvt-signer-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var operatorIds = Enumerable.Range(1, shareCount).Select(i => new OperatorId((ulong)i)).ToList();
        var validators = Enumerable.Range(1, validatorCount)
            .Select(i => DealtValidator.Split((ulong)i, scheme, operatorIds, Owner)).ToList();
        var solo = DealtValidator.Solo((ulong)validatorCount + 1, Owner);
        var operators = new StaticOperatorDirectory();

        var nodes = new List<SignerNode>();
        foreach (var id in operatorIds)
        {
            var keys = corruptOperators?.Contains(id.Value) == true ? new CorruptShareSigningKeys() : new InMemorySigningKeys();
            var directoryOfNode = new StaticValidatorDirectory();
            foreach (var validator in validators)
            {
                keys.AddShare(validator.Id, validator.Shares[(int)id.Value - 1]);
                if (id == Owner)
                    keys.AddFullKey(validator.Id, validator.Key);
                directoryOfNode.Add(validator.Set);
            }
            if (id == Owner)
            {
                keys.AddFullKey(solo.Id, solo.Key);
                directoryOfNode.Add(solo.Set);
            }
            var options = DefaultOptions(id);
            if (configure is not null)
                options = configure(options);
            nodes.Add(await SignerNode.StartAsync(options, keys, directoryOfNode, operators,
                Path.Combine(directory, $"operator-{id.Value}.sqlite"), Chain, recordLogs, beaconNodeOf?.Invoke(id.Value)));
        }
        foreach (var node in nodes)
            operators.Set(node.AsPeer());
        return new SignerCluster(directory, scheme, nodes, validators, solo, operators);
    }

    /// <summary>Makes <paramref name="peers"/> unreachable from <paramref name="asker"/> (and only from it).</summary>
    public void Cut(ulong asker, IEnumerable<ulong> peers, PartitionMode mode = PartitionMode.Unreachable)
    {
        foreach (var peer in peers)
            Node(asker).Partitions.Cut(Node(peer).Endpoint, mode);
    }

    /// <summary>
    /// Cuts <paramref name="peers"/> and <paramref name="asker"/> off each other both ways: holders spread partials to
    /// each other, so a one-way cut still lets the others' pushes reach the asker.
    /// </summary>
    public void Isolate(ulong asker, IEnumerable<ulong> peers, PartitionMode mode = PartitionMode.Unreachable)
    {
        foreach (var peer in peers)
        {
            Node(asker).Partitions.Cut(Node(peer).Endpoint, mode);
            Node(peer).Partitions.Cut(Node(asker).Endpoint, mode);
        }
    }

    public void HealAll()
    {
        foreach (var node in Nodes)
            node.Partitions.HealAll();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
            await node.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing connection: the temp folder is left for the OS to clean.
        }
    }
}
