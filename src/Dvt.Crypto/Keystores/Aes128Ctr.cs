using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Dvt.Crypto.Keystores;

/// <summary>
/// AES-128 in CTR mode with the IV as the initial 128-bit big-endian counter (as every EIP-2335 implementation
/// uses it). .NET has no CTR mode, so the keystream is AES-ECB over the counter blocks.
/// Encryption and decryption are the same operation.
/// </summary>
internal static class Aes128Ctr
{
    public const int KeyLength = 16;
    public const int IvLength = 16;
    private const int BlockLength = 16;

    public static void Transform(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (key.Length != KeyLength)
            throw new ArgumentException($"AES-128 key must be {KeyLength} bytes, got {key.Length}", nameof(key));
        if (iv.Length != IvLength)
            throw new ArgumentException($"IV must be {IvLength} bytes, got {iv.Length}", nameof(iv));
        if (output.Length != input.Length)
            throw new ArgumentException("output must be as long as input", nameof(output));

        var blocks = (input.Length + BlockLength - 1) / BlockLength;
        var counters = GC.AllocateArray<byte>(blocks * BlockLength, pinned: true);
        var keystream = GC.AllocateArray<byte>(blocks * BlockLength, pinned: true);
        try
        {
            var counter = BinaryPrimitives.ReadUInt128BigEndian(iv);
            for (var i = 0; i < blocks; i++)
                BinaryPrimitives.WriteUInt128BigEndian(counters.AsSpan(i * BlockLength, BlockLength), counter++);
            using (var aes = Aes.Create())
            {
                aes.SetKey(key);
                aes.EncryptEcb(counters, keystream, PaddingMode.None);
            }
            for (var i = 0; i < input.Length; i++)
                output[i] = (byte)(input[i] ^ keystream[i]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keystream);
            CryptographicOperations.ZeroMemory(counters);
        }
    }
}
