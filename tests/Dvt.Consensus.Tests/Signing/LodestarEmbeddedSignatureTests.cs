using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Containers.Blocks;
using Dvt.Consensus.Json;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing;
using Dvt.Consensus.Signing.Web3Signer;
using Dvt.Crypto.Bls;
using Dvt.TestSupport;
using BlsSignatureBytes = Dvt.Consensus.Primitives.BlsSignatureBytes;

namespace Dvt.Consensus.Tests.Signing;

/// <summary>
/// The Lodestar request bodies carry signatures Lodestar made earlier (selection proofs, a RANDAO reveal, an
/// attestation): each verifies, with blst, under a genesis interop key over the signing root computed here for
/// the duty it signed. So our roots are the ones a real client signs, not just the ones it claims.
/// </summary>
public sealed class LodestarEmbeddedSignatureTests
{
    private static readonly SigningRoots Roots = new(ConsensusPreset.Minimal);

    private static string Folder => Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "interop", "lodestar", "request-examples"));

    [SkippableFact]
    public void Aggregate_selection_proof_signs_the_aggregation_slot_and_the_aggregate_signs_its_attestation_data()
    {
        var request = Assert.IsType<AggregateAndProofRequest>(Load("AGGREGATE_AND_PROOF.json"));
        var proof = request.AggregateAndProof;
        var aggregator = InteropPublicKey((int)proof.AggregatorIndex.Value);

        var slotRoot = Roots.AggregationSlot(request.ForkInfo!, proof.Aggregate.Data.Slot);
        Assert.True(aggregator.Verify(slotRoot.AsSpan(), Signature(proof.SelectionProof)), "selection proof does not verify over the aggregation slot root");
        Assert.False(aggregator.Verify(Roots.RandaoReveal(request.ForkInfo!, new Epoch(0)).AsSpan(), Signature(proof.SelectionProof)));

        // One aggregation bit is set: the aggregate is one interop validator's attestation signature.
        Assert.Equal(1, Enumerable.Range(0, proof.Aggregate.AggregationBits.Count).Count(i => proof.Aggregate.AggregationBits[i]));
        var attestationRoot = Roots.Attestation(request.ForkInfo!, proof.Aggregate.Data);
        var signers = Enumerable.Range(0, 4).Where(i => InteropPublicKey(i).Verify(attestationRoot.AsSpan(), Signature(proof.Aggregate.Signature))).ToList();
        Assert.Single(signers);
    }

    [SkippableFact]
    public void Contribution_selection_proof_signs_the_sync_aggregator_selection_data()
    {
        var request = Assert.IsType<SyncCommitteeContributionAndProofRequest>(Load("SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF.json"));
        var proof = request.ContributionAndProof;
        var selection = new SyncAggregatorSelectionData(proof.Contribution.Slot, proof.Contribution.SubcommitteeIndex);
        var root = Roots.SyncCommitteeSelectionProof(request.ForkInfo!, selection);
        Assert.True(InteropPublicKey((int)proof.AggregatorIndex.Value).Verify(root.AsSpan(), Signature(proof.SelectionProof)));
        Assert.False(InteropPublicKey((int)proof.AggregatorIndex.Value).Verify(
            Roots.AggregationSlot(request.ForkInfo!, proof.Contribution.Slot).AsSpan(), Signature(proof.SelectionProof)));
    }

    [SkippableFact]
    public void Block_randao_reveal_signs_the_epoch_of_the_block()
    {
        var path = Path.Combine(Folder, "BLOCK_V2.ALTAIR.json");
        SkipUnlessPresent(path);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var body = document.RootElement.GetProperty("body");
        var forkInfo = body.GetProperty("fork_info").Deserialize<ForkInfo>(ConsensusJson.Options)!;
        var block = body.GetProperty("beacon_block").GetProperty("block").Deserialize<BeaconBlock<AltairBeaconBlockBody>>(ConsensusJson.Options)!;

        var proposer = InteropPublicKey((int)block.ProposerIndex.Value);
        var root = Roots.RandaoReveal(forkInfo, Roots.Preset.EpochAt(block.Slot));
        Assert.True(proposer.Verify(root.AsSpan(), Signature(block.Body.RandaoReveal)));
        Assert.Equal("0xa99a76ed", proposer.Bytes.ToHex()[..10]);
    }

    /// <summary>Genesis interop key i: int_le(sha256(uint256_le(i))) mod r.</summary>
    private static BlsPublicKey InteropPublicKey(int index)
    {
        var preimage = new byte[32];
        BitConverter.TryWriteBytes(preimage, (ulong)index);
        using var key = BlsSecretKey.FromInteger(new BigInteger(SHA256.HashData(preimage), isUnsigned: true, isBigEndian: false));
        return key.PublicKey;
    }

    private static BlsSignature Signature(BlsSignatureBytes bytes) => BlsSignature.Decode(bytes.AsSpan());

    private static SignRequest Load(string file)
    {
        var path = Path.Combine(Folder, file);
        SkipUnlessPresent(path);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return SignRequestParser.Parse(document.RootElement.GetProperty("body"), ConsensusPreset.Minimal);
    }

    private static void SkipUnlessPresent(string path)
    {
        if (File.Exists(path))
            return;
        var why = $"Lodestar request examples not found at {Folder}";
        if (TestVectors.IsCi)
            Assert.Fail(why);
        Skip.If(true, why);
    }
}
