using System.Text.Json;
using CsCheck;
using Dvt.Consensus.Containers.Blocks;
using Dvt.Consensus.Json;
using Dvt.Consensus.Ssz;
using Dvt.Consensus.Tests.Ssz;

namespace Dvt.Consensus.Tests.Json;

/// <summary>JSON written with <see cref="ConsensusJson.Options"/> reads back to the same SSZ value.</summary>
public sealed class JsonRoundTripProperties
{
    [Fact] public void AttestationData() => RoundTrip(ConsensusGenerators.AttestationData);
    [Fact] public void AggregateAndProof() => RoundTrip(ConsensusGenerators.AggregateAndProof);
    [Fact] public void ContributionAndProof() => RoundTrip(ConsensusGenerators.ContributionAndProof(ConsensusPreset.Mainnet));
    [Fact] public void ElectraAggregateAndProof() => RoundTrip(ConsensusGenerators.ElectraAggregateAndProof(ConsensusPreset.Mainnet));
    [Fact] public void ValidatorRegistration() => RoundTrip(ConsensusGenerators.Registration);
    [Fact] public void DepositData() => RoundTrip(ConsensusGenerators.DepositData);
    [Fact] public void AltairBlock() => RoundTrip(Gen.Select(ConsensusGenerators.Header, ConsensusGenerators.AltairBody(ConsensusPreset.Minimal),
        (h, body) => new BeaconBlock<AltairBeaconBlockBody>(h.Slot, h.ProposerIndex, h.ParentRoot, h.StateRoot, body)), 30);

    private static void RoundTrip<T>(Gen<T> gen, long iterations = 200) where T : ISszValue =>
        gen.Sample(value =>
        {
            var json = JsonSerializer.Serialize(value, ConsensusJson.Options);
            var read = JsonSerializer.Deserialize<T>(json, ConsensusJson.Options)!;
            Assert.Equal(value.Serialize(), read.Serialize());
            Assert.Equal(json, JsonSerializer.Serialize(read, ConsensusJson.Options));
        }, iter: iterations);
}
