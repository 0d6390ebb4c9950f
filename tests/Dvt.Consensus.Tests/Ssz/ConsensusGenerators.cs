using CsCheck;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Containers.Blocks;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Tests.Ssz;

/// <summary>CsCheck generators of random (not necessarily meaningful) consensus values.</summary>
internal static class ConsensusGenerators
{
    public static readonly Gen<Root> Root = Gen.Byte.Array[32].Select(b => new Root(b));
    public static readonly Gen<Bytes32> Bytes32 = Gen.Byte.Array[32].Select(b => new Bytes32(b));
    public static readonly Gen<Domain> Domain = Gen.Byte.Array[32].Select(b => new Domain(b));
    public static readonly Gen<ForkVersion> ForkVersion = Gen.Byte.Array[4].Select(b => new ForkVersion(b));
    public static readonly Gen<ExecutionAddress> Address = Gen.Byte.Array[20].Select(b => new ExecutionAddress(b));
    public static readonly Gen<BlsPublicKeyBytes> PublicKey = Gen.Byte.Array[48].Select(b => new BlsPublicKeyBytes(b));
    public static readonly Gen<BlsSignatureBytes> Signature = Gen.Byte.Array[96].Select(b => new BlsSignatureBytes(b));
    public static readonly Gen<Slot> Slot = Gen.ULong.Select(v => new Slot(v));
    public static readonly Gen<Epoch> Epoch = Gen.ULong.Select(v => new Epoch(v));
    public static readonly Gen<ValidatorIndex> ValidatorIndex = Gen.ULong.Select(v => new ValidatorIndex(v));

    public static readonly Gen<Checkpoint> Checkpoint = Gen.Select(Epoch, Root, (e, r) => new Checkpoint(e, r));

    public static readonly Gen<AttestationData> AttestationData = Gen.Select(Slot, Gen.ULong, Root, Checkpoint, Checkpoint,
        (s, i, r, source, target) => new AttestationData(s, new CommitteeIndex(i), r, source, target));

    public static readonly Gen<BeaconBlockHeader> Header = Gen.Select(Slot, ValidatorIndex, Root, Root, Root,
        (s, p, parent, state, body) => new BeaconBlockHeader(s, p, parent, state, body));

    public static readonly Gen<Fork> Fork = Gen.Select(ForkVersion, ForkVersion, Epoch, (a, b, e) => new Fork(a, b, e));
    public static readonly Gen<ForkData> ForkData = Gen.Select(ForkVersion, Root, (v, r) => new ForkData(v, r));
    public static readonly Gen<SigningData> SigningData = Gen.Select(Root, Domain, (r, d) => new SigningData(r, d));
    public static readonly Gen<VoluntaryExit> VoluntaryExit = Gen.Select(Epoch, ValidatorIndex, (e, v) => new VoluntaryExit(e, v));

    public static readonly Gen<DepositData> DepositData = Gen.Select(PublicKey, Bytes32, Gen.ULong, Signature,
        (pk, wc, amount, sig) => new DepositData(pk, wc, new Gwei(amount), sig));

    public static readonly Gen<DepositMessage> DepositMessage = DepositData.Select(d => d.Message);

    public static readonly Gen<SyncAggregatorSelectionData> SelectionData = Gen.Select(Slot, Gen.ULong, (s, i) => new SyncAggregatorSelectionData(s, i));

    public static readonly Gen<ValidatorRegistration> Registration = Gen.Select(Address, Gen.ULong, Gen.ULong, PublicKey,
        (a, g, t, pk) => new ValidatorRegistration(a, g, t, pk));

    public static readonly Gen<Bitlist> AttestationBits = Gen.Bool.Array[0, Containers.Attestation.MaxValidatorsPerCommittee].Select(b => Bitlist.FromBits(b));

    public static readonly Gen<Attestation> Attestation = Gen.Select(AttestationBits, AttestationData, Signature, (b, d, s) => new Attestation(b, d, s));

    public static readonly Gen<AggregateAndProof> AggregateAndProof = Gen.Select(ValidatorIndex, Attestation, Signature,
        (i, a, s) => new AggregateAndProof(i, a, s));

    public static Gen<ElectraAggregateAndProof> ElectraAggregateAndProof(ConsensusPreset preset) => Gen.Select(
        ValidatorIndex,
        Gen.Select(Gen.Bool.Array[0, 3000].Select(b => Bitlist.FromBits(b)), AttestationData, Signature, Bits(preset.MaxCommitteesPerSlot),
            (bits, d, s, committees) => new ElectraAttestation(bits, d, s, committees)),
        Signature,
        (i, a, s) => new ElectraAggregateAndProof(i, a, s));

    public static Gen<Bitvector> Bits(int count) => Gen.Bool.Array[count].Select(b => Bitvector.FromBits(b));

    public static Gen<ContributionAndProof> ContributionAndProof(ConsensusPreset preset) => Gen.Select(
        ValidatorIndex,
        Gen.Select(Slot, Root, Gen.ULong, Bits(preset.SyncSubcommitteeSize), Signature, (s, r, i, b, sig) => new SyncCommitteeContribution(s, r, i, b, sig)),
        Signature,
        (i, c, s) => new ContributionAndProof(i, c, s));

    public static readonly Gen<IndexedAttestation> IndexedAttestation = Gen.Select(
        ValidatorIndex.Array[0, 64], AttestationData, Signature, (i, d, s) => new IndexedAttestation(i, d, s));

    public static readonly Gen<BlockOperations> Operations = Gen.Select(
        Gen.Select(Header, Signature, (h, s) => new SignedBeaconBlockHeader(h, s)).Select(h => new ProposerSlashing(h, h)).Array[0, 2],
        Gen.Select(IndexedAttestation, IndexedAttestation, (a, b) => new AttesterSlashing(a, b)).Array[0, 2],
        Attestation.Array[0, 3],
        Gen.Select(Bytes32.Array[Deposit.ProofLength], DepositData, (p, d) => new Deposit(p, d)).Array[0, 2],
        Gen.Select(VoluntaryExit, Signature, (e, s) => new SignedVoluntaryExit(e, s)).Array[0, 3],
        (ps, @as, att, dep, ve) => new BlockOperations(ps, @as, att, dep, ve));

    public static readonly Gen<Eth1Data> Eth1Data = Gen.Select(Root, Gen.ULong, Bytes32, (r, c, h) => new Eth1Data(r, c, h));

    public static readonly Gen<Phase0BeaconBlockBody> Phase0Body = Gen.Select(Signature, Eth1Data, Bytes32, Operations,
        (r, e, g, o) => new Phase0BeaconBlockBody(r, e, g, o.ProposerSlashings, o.AttesterSlashings, o.Attestations, o.Deposits, o.VoluntaryExits));

    public static Gen<AltairBeaconBlockBody> AltairBody(ConsensusPreset preset) => Gen.Select(Phase0Body, Bits(preset.SyncCommitteeSize), Signature,
        (p, bits, sig) => new AltairBeaconBlockBody(p.RandaoReveal, p.Eth1Data, p.Graffiti,
            p.ProposerSlashings, p.AttesterSlashings, p.Attestations, p.Deposits, p.VoluntaryExits, new SyncAggregate(bits, sig)));
}
