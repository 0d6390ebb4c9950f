using System.Buffers.Binary;
using Dvt.Consensus.Primitives;

namespace Dvt.Consensus.Ssz;

/// <summary>Reads the fixed part of an SSZ container field by field; errors name the type and the field.</summary>
public ref struct SszReader
{
    public const int OffsetSize = 4;

    private readonly ReadOnlySpan<byte> _ssz;
    private readonly string _typeName;
    private int _position;

    public SszReader(ReadOnlySpan<byte> ssz, string typeName)
    {
        _ssz = ssz;
        _typeName = typeName;
    }

    public readonly int Position => _position;

    /// <summary>Throws unless <paramref name="ssz"/> is exactly <paramref name="length"/> bytes (fixed-size types).</summary>
    public static void RequireLength(ReadOnlySpan<byte> ssz, int length, string typeName)
    {
        if (ssz.Length != length)
            throw new SszDecodingException(typeName, $"expected {length} bytes, got {ssz.Length}");
    }

    public ReadOnlySpan<byte> Take(int length, string field)
    {
        if (_ssz.Length - _position < length)
            throw new SszDecodingException(_typeName, $"'{field}' needs {length} bytes at offset {_position}, only {_ssz.Length - _position} left");
        var slice = _ssz.Slice(_position, length);
        _position += length;
        return slice;
    }

    public ulong UInt64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, field));

    public T UInt64<T>(string field) where T : struct, IUInt64Value<T> => T.FromUInt64(UInt64(field));

    public T Bytes<T>(string field) where T : struct, IFixedBytes<T> => T.FromBytes(Take(T.Length, field));

    /// <summary>A 4-byte offset of a variable-size field.</summary>
    public uint Offset(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(OffsetSize, field));

    /// <summary>
    /// The variable part of a container with one variable-size field, whose offset must point right after the
    /// fixed part (SSZ requires the first offset to equal the fixed part's length).
    /// </summary>
    public readonly ReadOnlySpan<byte> SoleVariablePart(uint offset, string field)
    {
        if (offset != (uint)_position)
            throw new SszDecodingException(_typeName, $"offset of '{field}' is {offset}, expected {_position} (end of the fixed part)");
        return _ssz[_position..];
    }

    /// <summary>
    /// The variable parts of a container given its offsets in field order: the first must point right after
    /// the fixed part, each next one at or after the previous, the last within the input.
    /// </summary>
    public readonly Range[] VariableParts(ReadOnlySpan<uint> offsets, ReadOnlySpan<string> fields)
    {
        var parts = new Range[offsets.Length];
        for (var i = 0; i < offsets.Length; i++)
        {
            var start = offsets[i];
            if (i == 0 && start != (uint)_position)
                throw new SszDecodingException(_typeName, $"offset of '{fields[i]}' is {start}, expected {_position} (end of the fixed part)");
            var end = i + 1 < offsets.Length ? offsets[i + 1] : (uint)_ssz.Length;
            if (start > end || end > (uint)_ssz.Length)
                throw new SszDecodingException(_typeName, $"'{fields[i]}' spans offsets {start}..{end}, outside 0..{_ssz.Length} or decreasing");
            parts[i] = new Range((int)start, (int)end);
        }
        return parts;
    }

    public readonly SszDecodingException Error(string message) => new(_typeName, message);
}
