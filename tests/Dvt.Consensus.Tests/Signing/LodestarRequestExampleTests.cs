using System.Text.Json;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Containers.Blocks;
using Dvt.Consensus.Json;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing;
using Dvt.Consensus.Ssz;
using Dvt.TestSupport;

namespace Dvt.Consensus.Tests.Signing;

/// <summary>
/// Real Web3Signer request bodies sent by Lodestar 1.5.1 (minimal preset devnet): the signing root computed
/// from the typed object equals the signingRoot the validator client sent.
/// </summary>
public sealed class LodestarRequestExampleTests
{
    private static readonly SigningRoots Roots = new(ConsensusPreset.Minimal);

    private static string Folder => Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "interop", "lodestar", "request-examples"));

    public static IEnumerable<object[]> Examples()
    {
        if (!Directory.Exists(Folder))
            return [[TestVectors.Missing]];
        return Directory.GetFiles(Folder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(f => new object[] { f! });
    }

    [SkippableTheory]
    [MemberData(nameof(Examples))]
    public void Signing_root_from_the_typed_object_matches_the_clients(string file)
    {
        if (file == TestVectors.Missing)
        {
            var why = $"Lodestar request examples not found at {Folder}";
            if (TestVectors.IsCi)
                Assert.Fail(why);
            Skip.If(true, why);
        }
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, file)));
        var body = document.RootElement.GetProperty("body");
        var type = body.GetProperty("type").GetString()!;
        Assert.True(body.TryGetProperty("signingRoot", out var given), $"{file} has no signingRoot");
        var forkInfo = Read<ForkInfo>(body, "fork_info");

        var computed = ComputeSigningRoot(type, body, forkInfo);

        Assert.Equal(Root.Parse(given.GetString()!), computed);
    }

    [SkippableFact]
    public void Full_block_and_its_header_sign_the_same_root()
    {
        var examples = Path.Combine(Folder, "BLOCK_V2.ALTAIR.json");
        Skip.IfNot(File.Exists(examples) || TestVectors.IsCi, $"Lodestar request examples not found at {Folder}");
        using var document = JsonDocument.Parse(File.ReadAllBytes(examples));
        var body = document.RootElement.GetProperty("body");
        var forkInfo = Read<ForkInfo>(body, "fork_info");
        var block = Read<BeaconBlock<AltairBeaconBlockBody>>(body.GetProperty("beacon_block"), "block");

        Assert.Equal(block.HashTreeRoot(), block.ToHeader().HashTreeRoot());
        Assert.Equal(Roots.BeaconBlock(forkInfo, block), Roots.BeaconBlock(forkInfo, block.ToHeader()));
    }

    private static Root ComputeSigningRoot(string type, JsonElement body, ForkInfo forkInfo) => type switch
    {
        "ATTESTATION" => Roots.Attestation(forkInfo, Read<AttestationData>(body, "attestation")),
        "BLOCK_V2" => BlockRoot(body.GetProperty("beacon_block"), forkInfo),
        "AGGREGATION_SLOT" => Roots.AggregationSlot(forkInfo, Read<Slot>(body.GetProperty("aggregation_slot"), "slot")),
        "AGGREGATE_AND_PROOF" => Roots.AggregateAndProof(forkInfo, Read<AggregateAndProof>(body, "aggregate_and_proof")),
        "RANDAO_REVEAL" => Roots.RandaoReveal(forkInfo, Read<Epoch>(body.GetProperty("randao_reveal"), "epoch")),
        "SYNC_COMMITTEE_MESSAGE" => Roots.SyncCommitteeMessage(forkInfo,
            Read<Slot>(body.GetProperty("sync_committee_message"), "slot"),
            Read<Root>(body.GetProperty("sync_committee_message"), "beacon_block_root")),
        "SYNC_COMMITTEE_SELECTION_PROOF" => Roots.SyncCommitteeSelectionProof(forkInfo,
            Read<SyncAggregatorSelectionData>(body, "sync_aggregator_selection_data")),
        "SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF" => Roots.SyncCommitteeContributionAndProof(forkInfo,
            Read<ContributionAndProof>(body, "contribution_and_proof")),
        _ => throw new InvalidDataException($"request type {type} has no signing-root mapping in this test"),
    };

    private static Root BlockRoot(JsonElement beaconBlock, ForkInfo forkInfo)
    {
        var version = beaconBlock.GetProperty("version").GetString();
        if (beaconBlock.TryGetProperty("block_header", out _))
            return Roots.BeaconBlock(forkInfo, Read<BeaconBlockHeader>(beaconBlock, "block_header"));
        return version switch
        {
            "PHASE0" => Roots.BeaconBlock(forkInfo, Read<BeaconBlock<Phase0BeaconBlockBody>>(beaconBlock, "block")),
            "ALTAIR" => Roots.BeaconBlock(forkInfo, Read<BeaconBlock<AltairBeaconBlockBody>>(beaconBlock, "block")),
            _ => throw new InvalidDataException($"full {version} blocks are not modelled; clients send block_header from BELLATRIX on"),
        };
    }

    private static T Read<T>(JsonElement parent, string property) =>
        parent.GetProperty(property).Deserialize<T>(ConsensusJson.Options) ?? throw new InvalidDataException($"{property} is null");
}
