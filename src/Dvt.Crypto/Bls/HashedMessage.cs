using Dvt.Crypto.Native;

namespace Dvt.Crypto.Bls;

/// <summary>
/// A message hashed to G2 with the ciphersuite's tag (hash_to_G2, about half the cost of a signature): every key that
/// signs the same message (a slot's attestations of many validators sign one root) can reuse it.
/// </summary>
public sealed unsafe class HashedMessage
{
    private readonly BlstP2 _point;

    private HashedMessage(in BlstP2 point) => _point = point;

    public static HashedMessage Of(ReadOnlySpan<byte> message)
    {
        BlstP2 h;
        fixed (byte* m = message)
            Blst.blst_hash_to_g2(&h, m, (nuint)message.Length, BlsCiphersuite.Dst, BlsCiphersuite.DstLength, null, 0);
        return new HashedMessage(h);
    }

    internal BlstP2 Point => _point;
}
