using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers.Blocks;

/// <summary>BeaconBlockBody of altair: phase0's fields and the sync aggregate.</summary>
public sealed record AltairBeaconBlockBody(
    BlsSignatureBytes RandaoReveal,
    Eth1Data Eth1Data,
    Bytes32 Graffiti,
    IReadOnlyList<ProposerSlashing> ProposerSlashings,
    IReadOnlyList<AttesterSlashing> AttesterSlashings,
    IReadOnlyList<Attestation> Attestations,
    IReadOnlyList<Deposit> Deposits,
    IReadOnlyList<SignedVoluntaryExit> VoluntaryExits,
    SyncAggregate SyncAggregate) : ISszValue
{
    private readonly BlockOperations _operations = new(ProposerSlashings, AttesterSlashings, Attestations, Deposits, VoluntaryExits);

    public Eth1Data Eth1Data { get; } = Eth1Data ?? throw new ArgumentNullException(nameof(Eth1Data));
    public IReadOnlyList<ProposerSlashing> ProposerSlashings => _operations.ProposerSlashings;
    public IReadOnlyList<AttesterSlashing> AttesterSlashings => _operations.AttesterSlashings;
    public IReadOnlyList<Attestation> Attestations => _operations.Attestations;
    public IReadOnlyList<Deposit> Deposits => _operations.Deposits;
    public IReadOnlyList<SignedVoluntaryExit> VoluntaryExits => _operations.VoluntaryExits;
    public SyncAggregate SyncAggregate { get; } = SyncAggregate ?? throw new ArgumentNullException(nameof(SyncAggregate));

    private int FixedPartLength => Phase0BeaconBlockBody.FixedPartLength + SyncAggregate.SszLength;

    [JsonIgnore]
    public int SszLength => FixedPartLength + _operations.VariableLength;

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.Bytes(RandaoReveal);
        writer.Value(Eth1Data);
        writer.Bytes(Graffiti);
        _operations.WriteOffsets(ref writer, FixedPartLength);
        writer.Value(SyncAggregate);
        _operations.WriteLists(ref writer);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[9 * Merkleization.ChunkSize];
        SszChunks.Bytes(RandaoReveal, SszChunks.At(chunks, 0));
        Eth1Data.HashTreeRootTo(SszChunks.At(chunks, 1));
        SszChunks.Bytes(Graffiti, SszChunks.At(chunks, 2));
        _operations.ListRootsTo(chunks.Slice(3 * Merkleization.ChunkSize, 5 * Merkleization.ChunkSize));
        SyncAggregate.HashTreeRootTo(SszChunks.At(chunks, 8));
        Merkleization.MerkleizeInPlace(chunks, 9, root);
    }

    public static AltairBeaconBlockBody Decode(ReadOnlySpan<byte> ssz, ConsensusPreset preset)
    {
        var reader = new SszReader(ssz, nameof(AltairBeaconBlockBody));
        var randaoReveal = reader.Bytes<BlsSignatureBytes>("randao_reveal");
        var eth1Data = Eth1Data.Decode(reader.Take(Eth1Data.FixedLength, "eth1_data"));
        var graffiti = reader.Bytes<Bytes32>("graffiti");
        ReadOnlySpan<uint> offsets =
        [
            reader.Offset("proposer_slashings"), reader.Offset("attester_slashings"), reader.Offset("attestations"),
            reader.Offset("deposits"), reader.Offset("voluntary_exits"),
        ];
        var syncAggregate = SyncAggregate.Decode(reader.Take(SyncAggregate.FixedLengthFor(preset), "sync_aggregate"), preset);
        var operations = BlockOperations.Decode(ssz, reader.VariableParts(offsets, BlockOperations.FieldNames), nameof(AltairBeaconBlockBody));
        return new AltairBeaconBlockBody(randaoReveal, eth1Data, graffiti,
            operations.ProposerSlashings, operations.AttesterSlashings, operations.Attestations, operations.Deposits, operations.VoluntaryExits,
            syncAggregate);
    }
}
