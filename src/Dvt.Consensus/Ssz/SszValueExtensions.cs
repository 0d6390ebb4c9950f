using Dvt.Consensus.Primitives;

namespace Dvt.Consensus.Ssz;

public static class SszValueExtensions
{
    /// <summary>The SSZ serialization as a new array.</summary>
    public static byte[] Serialize(this ISszValue value)
    {
        var bytes = new byte[value.SszLength];
        value.SerializeTo(bytes);
        return bytes;
    }

    /// <summary>hash_tree_root(value).</summary>
    public static Root HashTreeRoot(this ISszValue value)
    {
        var root = new byte[Root.ByteLength];
        value.HashTreeRootTo(root);
        return new Root(root);
    }
}
