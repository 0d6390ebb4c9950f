using System.Text.Json;
using Dvt.Consensus.Containers.Blocks;
using Dvt.Consensus.Json;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing;
using Dvt.Consensus.Signing.Web3Signer;
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
        var request = Load(file);
        Assert.NotNull(request.ClaimedSigningRoot);

        var computed = request.ComputeSigningRoot(Roots);

        Assert.Equal(request.ClaimedSigningRoot, computed);
        Assert.True(request.ClaimMatches(computed));
    }

    [SkippableTheory]
    [MemberData(nameof(Examples))]
    public void Another_chain_or_fork_gives_another_root_and_the_claim_no_longer_matches(string file)
    {
        var request = Load(file);
        var otherChain = request.ForkInfo! with { GenesisValidatorsRoot = Root.Zero };
        var otherFork = request.ForkInfo! with { Fork = request.ForkInfo!.Fork with { CurrentVersion = ForkVersion.Parse("0x09000001") } };

        Assert.False(request.ClaimMatches((request with { ForkInfo = otherChain }).ComputeSigningRoot(Roots)));
        Assert.False(request.ClaimMatches((request with { ForkInfo = otherFork }).ComputeSigningRoot(Roots)));
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

    private static SignRequest Load(string file)
    {
        if (file == TestVectors.Missing)
        {
            var why = $"Lodestar request examples not found at {Folder}";
            if (TestVectors.IsCi)
                Assert.Fail(why);
            Skip.If(true, why);
        }
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, file)));
        return SignRequestParser.Parse(document.RootElement.GetProperty("body"), ConsensusPreset.Minimal);
    }

    private static T Read<T>(JsonElement parent, string property) =>
        parent.GetProperty(property).Deserialize<T>(ConsensusJson.Options) ?? throw new InvalidDataException($"{property} is null");
}
