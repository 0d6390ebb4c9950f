using Org.BouncyCastle.Crypto.Digests;

namespace Dvt.ContractBindings;

/// <summary>Keccak-256 as Ethereum uses it (the original Keccak padding, not SHA3-256).</summary>
public static class Keccak256
{
    [ThreadStatic]
    private static KeccakDigest? cached;

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var output = new byte[32];
        Hash(data, output);
        return output;
    }

    public static void Hash(ReadOnlySpan<byte> data, Span<byte> output)
    {
        if (output.Length < 32)
            throw new ArgumentException($"output must hold 32 bytes, has {output.Length}", nameof(output));
        var digest = cached ??= new KeccakDigest(256);
        digest.BlockUpdate(data);
        digest.DoFinal(output);
    }

    public static Hash32 HashToHash32(ReadOnlySpan<byte> data) => new(Hash(data));

    public static byte[] Hash(string utf8Text) => Hash(System.Text.Encoding.UTF8.GetBytes(utf8Text));
}
