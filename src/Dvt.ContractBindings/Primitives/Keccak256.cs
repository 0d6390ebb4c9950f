using Nethereum.Util;

namespace Dvt.ContractBindings;

/// <summary>Keccak-256 as Ethereum uses it (the original Keccak padding, not SHA3-256); Nethereum computes it.</summary>
public static class Keccak256
{
    public static byte[] Hash(ReadOnlySpan<byte> data) => Sha3Keccack.Current.CalculateHash(data.ToArray());

    public static void Hash(ReadOnlySpan<byte> data, Span<byte> output)
    {
        if (output.Length < 32)
            throw new ArgumentException($"output must hold 32 bytes, has {output.Length}", nameof(output));
        Hash(data).CopyTo(output);
    }

    public static Hash32 HashToHash32(ReadOnlySpan<byte> data) => new(Hash(data));

    public static byte[] Hash(string utf8Text) => Hash(System.Text.Encoding.UTF8.GetBytes(utf8Text));
}
