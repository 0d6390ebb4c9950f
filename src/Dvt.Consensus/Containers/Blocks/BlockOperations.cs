using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers.Blocks;

/// <summary>
/// The five operation lists every block body from phase0 on carries, with their limits (the same in the
/// mainnet and minimal presets); one place for their offsets, serialization, roots and decoding.
/// </summary>
public sealed record BlockOperations(
    IReadOnlyList<ProposerSlashing> ProposerSlashings,
    IReadOnlyList<AttesterSlashing> AttesterSlashings,
    IReadOnlyList<Attestation> Attestations,
    IReadOnlyList<Deposit> Deposits,
    IReadOnlyList<SignedVoluntaryExit> VoluntaryExits)
{
    public const int MaxProposerSlashings = 16;
    public const int MaxAttesterSlashings = 2;
    public const int MaxAttestations = 128;
    public const int MaxDeposits = 16;
    public const int MaxVoluntaryExits = 16;

    public const int OffsetsLength = 5 * SszReader.OffsetSize;

    internal static readonly string[] FieldNames = ["proposer_slashings", "attester_slashings", "attestations", "deposits", "voluntary_exits"];

    public static BlockOperations Empty { get; } = new([], [], [], [], []);

    public IReadOnlyList<ProposerSlashing> ProposerSlashings { get; } = Check(ProposerSlashings, MaxProposerSlashings, "proposer_slashings");
    public IReadOnlyList<AttesterSlashing> AttesterSlashings { get; } = Check(AttesterSlashings, MaxAttesterSlashings, "attester_slashings");
    public IReadOnlyList<Attestation> Attestations { get; } = Check(Attestations, MaxAttestations, "attestations");
    public IReadOnlyList<Deposit> Deposits { get; } = Check(Deposits, MaxDeposits, "deposits");
    public IReadOnlyList<SignedVoluntaryExit> VoluntaryExits { get; } = Check(VoluntaryExits, MaxVoluntaryExits, "voluntary_exits");

    public int VariableLength =>
        SszLists.Length(ProposerSlashings, false) + SszLists.Length(AttesterSlashings, true) + SszLists.Length(Attestations, true)
        + SszLists.Length(Deposits, false) + SszLists.Length(VoluntaryExits, false);

    /// <summary>The five offsets, given where the variable part starts (the container's fixed length).</summary>
    public void WriteOffsets(ref SszWriter writer, int fixedPartLength)
    {
        var offset = fixedPartLength;
        writer.Offset(offset);
        offset += SszLists.Length(ProposerSlashings, false);
        writer.Offset(offset);
        offset += SszLists.Length(AttesterSlashings, true);
        writer.Offset(offset);
        offset += SszLists.Length(Attestations, true);
        writer.Offset(offset);
        offset += SszLists.Length(Deposits, false);
        writer.Offset(offset);
    }

    public void WriteLists(ref SszWriter writer)
    {
        SszLists.Write(ref writer, ProposerSlashings, false);
        SszLists.Write(ref writer, AttesterSlashings, true);
        SszLists.Write(ref writer, Attestations, true);
        SszLists.Write(ref writer, Deposits, false);
        SszLists.Write(ref writer, VoluntaryExits, false);
    }

    /// <summary>The five list roots into five consecutive chunks.</summary>
    public void ListRootsTo(Span<byte> fiveChunks)
    {
        SszLists.ListRootTo(ProposerSlashings, MaxProposerSlashings, SszChunks.At(fiveChunks, 0));
        SszLists.ListRootTo(AttesterSlashings, MaxAttesterSlashings, SszChunks.At(fiveChunks, 1));
        SszLists.ListRootTo(Attestations, MaxAttestations, SszChunks.At(fiveChunks, 2));
        SszLists.ListRootTo(Deposits, MaxDeposits, SszChunks.At(fiveChunks, 3));
        SszLists.ListRootTo(VoluntaryExits, MaxVoluntaryExits, SszChunks.At(fiveChunks, 4));
    }

    public static BlockOperations Decode(ReadOnlySpan<byte> ssz, ReadOnlySpan<Range> parts, string typeName) => new(
        SszLists.DecodeFixed<ProposerSlashing>(ssz[parts[0]], ProposerSlashing.FixedLength, MaxProposerSlashings, typeName, FieldNames[0]),
        SszLists.DecodeVariable<AttesterSlashing>(ssz[parts[1]], MaxAttesterSlashings, typeName, FieldNames[1]),
        SszLists.DecodeVariable<Attestation>(ssz[parts[2]], MaxAttestations, typeName, FieldNames[2]),
        SszLists.DecodeFixed<Deposit>(ssz[parts[3]], Deposit.FixedLength, MaxDeposits, typeName, FieldNames[3]),
        SszLists.DecodeFixed<SignedVoluntaryExit>(ssz[parts[4]], SignedVoluntaryExit.FixedLength, MaxVoluntaryExits, typeName, FieldNames[4]));

    /// <summary>Same lists, element by element (records compare lists by reference).</summary>
    public bool Equals(BlockOperations? other) =>
        other is not null
        && ProposerSlashings.SequenceEqual(other.ProposerSlashings)
        && AttesterSlashings.SequenceEqual(other.AttesterSlashings)
        && Attestations.SequenceEqual(other.Attestations)
        && Deposits.SequenceEqual(other.Deposits)
        && VoluntaryExits.SequenceEqual(other.VoluntaryExits);

    public override int GetHashCode() =>
        HashCode.Combine(ProposerSlashings.Count, AttesterSlashings.Count, Attestations.Count, Deposits.Count, VoluntaryExits.Count);

    private static IReadOnlyList<T> Check<T>(IReadOnlyList<T> items, int limit, string field)
    {
        ArgumentNullException.ThrowIfNull(items, field);
        if (items.Count > limit)
            throw new ArgumentException($"{field} has {items.Count} entries, the limit is {limit}", field);
        if (items.Any(i => i is null))
            throw new ArgumentException($"{field} contains null", field);
        return items.ToArray();
    }
}
