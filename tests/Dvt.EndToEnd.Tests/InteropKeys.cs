using System.Numerics;
using System.Security.Cryptography;
using Dvt.Crypto.Bls;

namespace Dvt.EndToEnd.Tests;

/// <summary>The interop genesis validators' keys: sk_i = int_le(sha256(uint256_le(i))) mod r (Lodestar's dev chain uses them).</summary>
public static class InteropKeys
{
    public static BlsSecretKey SecretKey(int index)
    {
        var le = new byte[32];
        BitConverter.TryWriteBytes(le.AsSpan(0, 8), (ulong)index);
        if (!BitConverter.IsLittleEndian)
            le.AsSpan(0, 8).Reverse();
        var digest = SHA256.HashData(le);
        return BlsSecretKey.FromInteger(new BigInteger(digest, isUnsigned: true, isBigEndian: false));
    }
}
