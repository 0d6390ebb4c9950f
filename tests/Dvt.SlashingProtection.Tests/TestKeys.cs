namespace Dvt.SlashingProtection.Tests;

/// <summary>Fixed keys and roots for the hand-written cases (bytes only: no curve point is needed).</summary>
public static class TestKeys
{
    public static readonly GenesisValidatorsRoot Chain = new(Enumerable.Repeat((byte)0x42, 32).ToArray());

    public static readonly GenesisValidatorsRoot OtherChain = new(Enumerable.Repeat((byte)0x43, 32).ToArray());

    public static ValidatorPublicKeyBytes Key(byte n)
    {
        var bytes = new byte[ValidatorPublicKeyBytes.Length];
        bytes[0] = 0xa0;
        bytes[47] = n;
        return new ValidatorPublicKeyBytes(bytes);
    }

    /// <summary>A known signing root; 0 is not allowed here (zero means "unknown", use <see cref="SigningRoot.Zero"/>).</summary>
    public static SigningRoot Root(int n)
    {
        if (n <= 0)
            throw new ArgumentOutOfRangeException(nameof(n), n, "known roots are numbered from 1");
        var bytes = new byte[SigningRoot.Length];
        BitConverter.TryWriteBytes(bytes.AsSpan(28), n);
        bytes[0] = 0x5a;
        return new SigningRoot(bytes);
    }
}
