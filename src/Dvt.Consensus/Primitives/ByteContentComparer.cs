namespace Dvt.Consensus.Primitives;

/// <summary>Byte sequences compared by content, whatever buffers hold them (messages grouped by root, request bodies as keys).</summary>
public sealed class ByteContentComparer : IEqualityComparer<ReadOnlyMemory<byte>>
{
    public static readonly ByteContentComparer Instance = new();

    private ByteContentComparer()
    {
    }

    public bool Equals(ReadOnlyMemory<byte> x, ReadOnlyMemory<byte> y) => x.Span.SequenceEqual(y.Span);

    public int GetHashCode(ReadOnlyMemory<byte> obj) => FixedBytes.HashCodeOf(obj.Span);
}
