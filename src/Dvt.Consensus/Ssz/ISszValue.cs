namespace Dvt.Consensus.Ssz;

/// <summary>An SSZ value: serializable and hashable without allocating.</summary>
public interface ISszValue
{
    /// <summary>Length of the SSZ serialization in bytes.</summary>
    int SszLength { get; }

    /// <summary>Writes the SSZ serialization; <paramref name="destination"/> is exactly <see cref="SszLength"/> bytes.</summary>
    void SerializeTo(Span<byte> destination);

    /// <summary>Writes hash_tree_root into a 32-byte span.</summary>
    void HashTreeRootTo(Span<byte> root);
}
