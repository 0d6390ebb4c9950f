using System.Runtime.InteropServices;
using System.Text;

namespace Dvt.Crypto.Bls;

/// <summary>
/// The Ethereum consensus ciphersuite: minimal-pubkey-size (keys in G1, signatures in G2),
/// proof-of-possession scheme. The DST lives in unmanaged memory that never moves or is freed,
/// because blst's pairing context keeps a pointer to it between calls.
/// </summary>
public static unsafe class BlsCiphersuite
{
    public const string DstText = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

    internal static readonly byte* Dst;
    internal static readonly nuint DstLength;

    static BlsCiphersuite()
    {
        var bytes = Encoding.ASCII.GetBytes(DstText);
        Dst = (byte*)NativeMemory.Alloc((nuint)bytes.Length);
        bytes.CopyTo(new Span<byte>(Dst, bytes.Length));
        DstLength = (nuint)bytes.Length;
    }

    /// <summary>The DST bytes (a copy).</summary>
    public static byte[] DstBytes => new ReadOnlySpan<byte>(Dst, (int)DstLength).ToArray();
}
