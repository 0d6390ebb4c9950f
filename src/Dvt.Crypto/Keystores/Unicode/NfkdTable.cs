using System.IO.Compression;

namespace Dvt.Crypto.Keystores.Unicode;

/// <summary>The decomposition and combining-class data of <see cref="NfkdTable.PackedData"/>, unpacked on first use.</summary>
internal static partial class NfkdTable
{
    private static readonly Lazy<(Dictionary<int, int[]> Decompositions, Dictionary<int, byte> Classes)> Unpacked = new(Unpack);

    /// <summary>The full NFKD decomposition of a code point, or null when it decomposes to itself.</summary>
    public static int[]? Decomposition(int codePoint) =>
        Unpacked.Value.Decompositions.TryGetValue(codePoint, out var parts) ? parts : null;

    /// <summary>The canonical combining class (0 for starters).</summary>
    public static byte CombiningClass(int codePoint) =>
        Unpacked.Value.Classes.TryGetValue(codePoint, out var ccc) ? ccc : (byte)0;

    private static (Dictionary<int, int[]>, Dictionary<int, byte>) Unpack()
    {
        using var deflate = new DeflateStream(new MemoryStream(Convert.FromBase64String(PackedData)), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        deflate.CopyTo(raw);
        var data = raw.ToArray();
        var position = 0;
        var decompositionCount = ReadInt32(data, ref position);
        var classCount = ReadInt32(data, ref position);
        if (decompositionCount != DecompositionCount || classCount != CombiningClassCount)
            throw new InvalidDataException("the embedded NFKD table is damaged");

        var decompositions = new Dictionary<int, int[]>(decompositionCount);
        for (var i = 0; i < decompositionCount; i++)
        {
            var codePoint = ReadCodePoint(data, ref position);
            var parts = new int[data[position++]];
            for (var j = 0; j < parts.Length; j++)
                parts[j] = ReadCodePoint(data, ref position);
            decompositions.Add(codePoint, parts);
        }
        var classes = new Dictionary<int, byte>(classCount);
        for (var i = 0; i < classCount; i++)
        {
            var codePoint = ReadCodePoint(data, ref position);
            classes.Add(codePoint, data[position++]);
        }
        if (position != data.Length)
            throw new InvalidDataException("the embedded NFKD table is damaged");
        return (decompositions, classes);
    }

    private static int ReadInt32(byte[] data, ref int position)
    {
        var value = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(position));
        position += 4;
        return value;
    }

    private static int ReadCodePoint(byte[] data, ref int position)
    {
        var value = (data[position] << 16) | (data[position + 1] << 8) | data[position + 2];
        position += 3;
        return value;
    }
}
