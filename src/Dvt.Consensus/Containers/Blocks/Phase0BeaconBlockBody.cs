using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers.Blocks;

/// <summary>BeaconBlockBody of phase0.</summary>
public sealed record Phase0BeaconBlockBody(
    BlsSignatureBytes RandaoReveal,
    Eth1Data Eth1Data,
    Bytes32 Graffiti,
    IReadOnlyList<ProposerSlashing> ProposerSlashings,
    IReadOnlyList<AttesterSlashing> AttesterSlashings,
    IReadOnlyList<Attestation> Attestations,
    IReadOnlyList<Deposit> Deposits,
    IReadOnlyList<SignedVoluntaryExit> VoluntaryExits) : ISszCodec<Phase0BeaconBlockBody>
{
    public const int FixedPartLength = BlsSignatureBytes.ByteLength + Eth1Data.FixedLength + Bytes32.ByteLength + BlockOperations.OffsetsLength;

    private readonly BlockOperations _operations = new(ProposerSlashings, AttesterSlashings, Attestations, Deposits, VoluntaryExits);

    public Eth1Data Eth1Data { get; } = Eth1Data ?? throw new ArgumentNullException(nameof(Eth1Data));
    public IReadOnlyList<ProposerSlashing> ProposerSlashings => _operations.ProposerSlashings;
    public IReadOnlyList<AttesterSlashing> AttesterSlashings => _operations.AttesterSlashings;
    public IReadOnlyList<Attestation> Attestations => _operations.Attestations;
    public IReadOnlyList<Deposit> Deposits => _operations.Deposits;
    public IReadOnlyList<SignedVoluntaryExit> VoluntaryExits => _operations.VoluntaryExits;

    [JsonIgnore]
    public int SszLength => FixedPartLength + _operations.VariableLength;

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        writer.Bytes(RandaoReveal);
        writer.Value(Eth1Data);
        writer.Bytes(Graffiti);
        _operations.WriteOffsets(ref writer, FixedPartLength);
        _operations.WriteLists(ref writer);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[8 * Merkleization.ChunkSize];
        SszChunks.Bytes(RandaoReveal, SszChunks.At(chunks, 0));
        Eth1Data.HashTreeRootTo(SszChunks.At(chunks, 1));
        SszChunks.Bytes(Graffiti, SszChunks.At(chunks, 2));
        _operations.ListRootsTo(chunks.Slice(3 * Merkleization.ChunkSize, 5 * Merkleization.ChunkSize));
        Merkleization.MerkleizeInPlace(chunks, 8, root);
    }

    public static Phase0BeaconBlockBody Decode(ReadOnlySpan<byte> ssz)
    {
        var reader = new SszReader(ssz, nameof(Phase0BeaconBlockBody));
        var randaoReveal = reader.Bytes<BlsSignatureBytes>("randao_reveal");
        var eth1Data = Eth1Data.Decode(reader.Take(Eth1Data.FixedLength, "eth1_data"));
        var graffiti = reader.Bytes<Bytes32>("graffiti");
        ReadOnlySpan<uint> offsets =
        [
            reader.Offset("proposer_slashings"), reader.Offset("attester_slashings"), reader.Offset("attestations"),
            reader.Offset("deposits"), reader.Offset("voluntary_exits"),
        ];
        var operations = BlockOperations.Decode(ssz, reader.VariableParts(offsets, BlockOperations.FieldNames), nameof(Phase0BeaconBlockBody));
        return new Phase0BeaconBlockBody(randaoReveal, eth1Data, graffiti,
            operations.ProposerSlashings, operations.AttesterSlashings, operations.Attestations, operations.Deposits, operations.VoluntaryExits);
    }
}
