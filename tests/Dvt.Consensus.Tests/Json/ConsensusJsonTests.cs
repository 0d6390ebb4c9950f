using System.Text.Json;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Json;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Tests.Json;

public sealed class ConsensusJsonTests
{
    private const string Checkpoint = """{"epoch":"3","root":"0x1111111111111111111111111111111111111111111111111111111111111111"}""";

    [Fact]
    public void Containers_read_and_write_the_beacon_api_shape()
    {
        var value = JsonSerializer.Deserialize<Checkpoint>(Checkpoint, ConsensusJson.Options)!;
        Assert.Equal(new Epoch(3), value.Epoch);
        Assert.Equal(Checkpoint, JsonSerializer.Serialize(value, ConsensusJson.Options));
    }

    [Fact]
    public void Unknown_field_is_refused()
    {
        var json = Checkpoint.Replace("}", ""","extra":"1"}""");
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Checkpoint>(json, ConsensusJson.Options));
        Assert.Contains("extra", e.Message);
    }

    [Fact]
    public void Missing_field_is_refused()
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Checkpoint>("""{"epoch":"3"}""", ConsensusJson.Options));
        Assert.Contains("root", e.Message);
    }

    [Theory]
    [InlineData("\"-1\"")]
    [InlineData("\"+1\"")]
    [InlineData("\"18446744073709551616\"")]
    [InlineData("\"\"")]
    [InlineData("\"1.0\"")]
    [InlineData("true")]
    public void Bad_uint64_is_refused_naming_the_type(string epoch)
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Epoch>(epoch, ConsensusJson.Options));
        Assert.Contains("Epoch must be a decimal uint64 string", e.Message);
    }

    [Fact]
    public void Short_root_is_refused_naming_the_type()
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Root>("\"0x1234\"", ConsensusJson.Options));
        Assert.Contains("Root must be 32 bytes", e.Message);
    }

    [Fact]
    public void Attestation_with_too_many_aggregation_bits_is_refused()
    {
        var bits = "0x" + new string('f', 2 * 256) + "01"; // 2048 bits + delimiter one byte later = 2048 bits: allowed
        var data = """{"slot":"1","index":"0","beacon_block_root":"0x0000000000000000000000000000000000000000000000000000000000000000","source":{"epoch":"0","root":"0x0000000000000000000000000000000000000000000000000000000000000000"},"target":{"epoch":"0","root":"0x0000000000000000000000000000000000000000000000000000000000000000"}}""";
        var signature = "0x" + new string('0', 192);
        string Json(string b) => $$"""{"aggregation_bits":"{{b}}","data":{{data}},"signature":"{{signature}}"}""";

        var ok = JsonSerializer.Deserialize<Attestation>(Json(bits), ConsensusJson.Options)!;
        Assert.Equal(2048, ok.AggregationBits.Count);
        var tooMany = "0x" + new string('f', 2 * 256) + "03";
        var e = Assert.ThrowsAny<Exception>(() => JsonSerializer.Deserialize<Attestation>(Json(tooMany), ConsensusJson.Options));
        Assert.Contains("MAX_VALIDATORS_PER_COMMITTEE", e.ToString());
    }

    [Fact]
    public void Contribution_with_the_other_presets_bit_count_is_refused_when_signing()
    {
        var contribution = new SyncCommitteeContribution(new Slot(1), Root.Zero, 0, Bitvector.FromBits(new bool[128]), BlsSignatureBytes.Zero);
        var proof = new ContributionAndProof(new ValidatorIndex(0), contribution, BlsSignatureBytes.Zero);
        var forkInfo = new ForkInfo(new Fork(ForkVersion.Zero, ForkVersion.Zero, new Epoch(0)), Root.Zero);
        Assert.NotEqual(Root.Zero, new SigningRoots(ConsensusPreset.Mainnet).SyncCommitteeContributionAndProof(forkInfo, proof));
        var e = Assert.Throws<ArgumentException>(() => new SigningRoots(ConsensusPreset.Minimal).SyncCommitteeContributionAndProof(forkInfo, proof));
        Assert.Contains("minimal preset needs 8", e.Message);
        Assert.Equal(proof.Serialize(), ContributionAndProof.Decode(proof.Serialize(), ConsensusPreset.Mainnet).Serialize());
        Assert.Throws<SszDecodingException>(() => ContributionAndProof.Decode(proof.Serialize(), ConsensusPreset.Minimal));
    }
}
