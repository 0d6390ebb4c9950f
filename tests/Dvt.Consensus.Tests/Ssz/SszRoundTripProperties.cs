using CsCheck;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Containers.Blocks;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Tests.Ssz;

/// <summary>
/// Fuzzed round trips: decode(serialize(x)) == x with the same root; for arbitrary bytes a decoder either
/// refuses with <see cref="SszDecodingException"/> or accepts exactly the canonical encoding (re-serializes
/// to the same bytes); every strict prefix of a fixed-size encoding is refused.
/// </summary>
public sealed class SszRoundTripProperties
{
    private const long Iterations = 300;

    [Fact] public void Checkpoint_round_trips() => RoundTrip(ConsensusGenerators.Checkpoint);
    [Fact] public void AttestationData_round_trips() => RoundTrip(ConsensusGenerators.AttestationData);
    [Fact] public void BeaconBlockHeader_round_trips() => RoundTrip(ConsensusGenerators.Header);
    [Fact] public void Fork_round_trips() => RoundTrip(ConsensusGenerators.Fork);
    [Fact] public void ForkData_round_trips() => RoundTrip(ConsensusGenerators.ForkData);
    [Fact] public void SigningData_round_trips() => RoundTrip(ConsensusGenerators.SigningData);
    [Fact] public void VoluntaryExit_round_trips() => RoundTrip(ConsensusGenerators.VoluntaryExit);
    [Fact] public void DepositMessage_round_trips() => RoundTrip(ConsensusGenerators.DepositMessage);
    [Fact] public void DepositData_round_trips() => RoundTrip(ConsensusGenerators.DepositData);
    [Fact] public void SyncAggregatorSelectionData_round_trips() => RoundTrip(ConsensusGenerators.SelectionData);
    [Fact] public void ValidatorRegistration_round_trips() => RoundTrip(ConsensusGenerators.Registration);
    [Fact] public void Attestation_round_trips() => RoundTrip(ConsensusGenerators.Attestation);
    [Fact] public void AggregateAndProof_round_trips() => RoundTrip(ConsensusGenerators.AggregateAndProof);
    [Fact] public void IndexedAttestation_round_trips() => RoundTrip(ConsensusGenerators.IndexedAttestation);
    [Fact] public void Phase0BeaconBlockBody_round_trips() => RoundTrip(ConsensusGenerators.Phase0Body);

    [Theory]
    [InlineData("mainnet")]
    [InlineData("minimal")]
    public void ContributionAndProof_round_trips_in_each_preset(string presetName)
    {
        var preset = Preset(presetName);
        RoundTrip(ConsensusGenerators.ContributionAndProof(preset), b => ContributionAndProof.Decode(b, preset));
    }

    [Theory]
    [InlineData("mainnet")]
    [InlineData("minimal")]
    public void ElectraAggregateAndProof_round_trips_in_each_preset(string presetName)
    {
        var preset = Preset(presetName);
        RoundTrip(ConsensusGenerators.ElectraAggregateAndProof(preset), b => ElectraAggregateAndProof.Decode(b, preset));
        Arbitrary(b => ElectraAggregateAndProof.Decode(b, preset), 0, 500);
    }

    [Theory]
    [InlineData("mainnet")]
    [InlineData("minimal")]
    public void AltairBeaconBlockBody_round_trips_in_each_preset(string presetName)
    {
        var preset = Preset(presetName);
        RoundTrip(ConsensusGenerators.AltairBody(preset), b => AltairBeaconBlockBody.Decode(b, preset));
    }

    [Fact]
    public void Altair_block_round_trips_and_hashes_as_its_header()
    {
        var gen = Gen.Select(ConsensusGenerators.Header, ConsensusGenerators.AltairBody(ConsensusPreset.Minimal),
            (h, body) => new BeaconBlock<AltairBeaconBlockBody>(h.Slot, h.ProposerIndex, h.ParentRoot, h.StateRoot, body));
        gen.Sample(block =>
        {
            var bytes = block.Serialize();
            var decoded = BeaconBlock<AltairBeaconBlockBody>.Decode(bytes, b => AltairBeaconBlockBody.Decode(b, ConsensusPreset.Minimal));
            Assert.Equal(bytes, decoded.Serialize());
            Assert.Equal(block.ToHeader().HashTreeRoot(), decoded.HashTreeRoot());
            Assert.Equal(block.Body.HashTreeRoot(), block.ToHeader().BodyRoot);
        }, iter: 50);
    }

    [Fact] public void Fixed_size_decoders_accept_every_byte_string_of_their_length_canonically()
    {
        AnyBytes(Checkpoint.FixedLength, b => Checkpoint.Decode(b));
        AnyBytes(AttestationData.FixedLength, b => AttestationData.Decode(b));
        AnyBytes(BeaconBlockHeader.FixedLength, b => BeaconBlockHeader.Decode(b));
        AnyBytes(DepositData.FixedLength, b => DepositData.Decode(b));
        AnyBytes(ValidatorRegistration.FixedLength, b => ValidatorRegistration.Decode(b));
        AnyBytes(ContributionAndProofLength(ConsensusPreset.Mainnet), b => ContributionAndProof.Decode(b, ConsensusPreset.Mainnet));
    }

    [Fact] public void Variable_size_decoders_refuse_or_accept_canonically_on_arbitrary_bytes()
    {
        Arbitrary(b => Attestation.Decode(b), 0, 400);
        Arbitrary(b => AggregateAndProof.Decode(b), 0, 500);
        Arbitrary(b => IndexedAttestation.Decode(b), 0, 400);
        Arbitrary(b => AttesterSlashing.Decode(b), 0, 800);
        Arbitrary(b => Phase0BeaconBlockBody.Decode(b), 0, 600);
        Arbitrary(b => AltairBeaconBlockBody.Decode(b, ConsensusPreset.Minimal), 0, 700);
    }

    [Fact] public void Attestation_decoder_survives_mutated_valid_encodings()
    {
        // Random bytes rarely form a valid offset; mutating a valid encoding exercises the deeper checks.
        Gen.Select(ConsensusGenerators.Attestation, Gen.Int, Gen.Byte).Sample((attestation, position, value) =>
        {
            var bytes = attestation.Serialize();
            bytes[(int)((uint)position % bytes.Length)] = value;
            Canonical(b => Attestation.Decode(b), bytes);
        }, iter: 1000);
        Gen.Select(ConsensusGenerators.Phase0Body, Gen.Int, Gen.Byte).Sample((body, position, value) =>
        {
            var bytes = body.Serialize();
            bytes[(int)((uint)position % bytes.Length)] = value;
            Canonical(b => Phase0BeaconBlockBody.Decode(b), bytes);
        }, iter: 500);
    }

    private static void RoundTrip<T>(Gen<T> gen) where T : ISszCodec<T> => RoundTrip(gen, b => T.Decode(b));

    private static void RoundTrip<T>(Gen<T> gen, Func<byte[], T> decode) where T : ISszValue
    {
        gen.Sample(value =>
        {
            var bytes = value.Serialize();
            Assert.Equal(value.SszLength, bytes.Length);
            var decoded = decode(bytes);
            Assert.Equal(bytes, decoded.Serialize());
            Assert.Equal(value.HashTreeRoot(), decoded.HashTreeRoot());
            if (value is not Phase0BeaconBlockBody and not AltairBeaconBlockBody and not IndexedAttestation)
                Assert.Equal<object>(value, decoded);
            // A prefix of a fixed-size encoding is always refused; one of a variable-size encoding may be
            // another valid value (a shorter list), which must then be canonical.
            var fixedSize = decoded is not (Attestation or AggregateAndProof or ElectraAggregateAndProof or IndexedAttestation or Phase0BeaconBlockBody or AltairBeaconBlockBody);
            for (var cut = 0; cut < bytes.Length; cut += Math.Max(1, bytes.Length / 16))
            {
                if (fixedSize)
                    Assert.Throws<SszDecodingException>(() => decode(bytes[..cut]));
                else
                    Canonical(decode, bytes[..cut]);
            }
        }, iter: Iterations);
    }

    private static void AnyBytes<T>(int length, Func<byte[], T> decode) where T : ISszValue =>
        Gen.Byte.Array[length].Sample(bytes => Assert.Equal(bytes, decode(bytes).Serialize()), iter: Iterations);

    private static void Arbitrary<T>(Func<byte[], T> decode, int minLength, int maxLength) where T : ISszValue =>
        Gen.Byte.Array[minLength, maxLength].Sample(bytes => Canonical(decode, bytes), iter: 2000);

    private static void Canonical<T>(Func<byte[], T> decode, byte[] bytes) where T : ISszValue
    {
        T value;
        try
        {
            value = decode(bytes);
        }
        catch (SszDecodingException)
        {
            return;
        }
        Assert.Equal(bytes, value.Serialize());
    }

    private static int ContributionAndProofLength(ConsensusPreset preset) =>
        8 + SyncCommitteeContribution.FixedLengthFor(preset.SyncSubcommitteeSize) + 96;

    private static ConsensusPreset Preset(string name) => name == "mainnet" ? ConsensusPreset.Mainnet : ConsensusPreset.Minimal;
}
