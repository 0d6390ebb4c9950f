using System.Buffers.Binary;
using Dvt.Consensus.Primitives;

namespace Dvt.Consensus.Ssz;

/// <summary>Writes SSZ fields in order into a destination span.</summary>
public ref struct SszWriter
{
    private readonly Span<byte> _destination;
    private int _position;

    public SszWriter(Span<byte> destination) => _destination = destination;

    public readonly int Position => _position;

    public void UInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_destination.Slice(_position, 8), value);
        _position += 8;
    }

    public void UInt64<T>(T value) where T : struct, IUInt64Value<T> => UInt64(value.Value);

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_destination[_position..]);
        _position += bytes.Length;
    }

    public void Bytes<T>(T value) where T : struct, IFixedBytes<T> => Bytes(value.AsSpan());

    public void Offset(int offset)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_destination.Slice(_position, SszReader.OffsetSize), checked((uint)offset));
        _position += SszReader.OffsetSize;
    }

    public void Value(ISszValue value)
    {
        var length = value.SszLength;
        value.SerializeTo(_destination.Slice(_position, length));
        _position += length;
    }

    public void Bitlist(Bitlist bits)
    {
        bits.SerializeTo(_destination.Slice(_position, bits.SszLength));
        _position += bits.SszLength;
    }

    public void Bitvector(Bitvector bits)
    {
        bits.SerializeTo(_destination.Slice(_position, bits.SszLength));
        _position += bits.SszLength;
    }
}
