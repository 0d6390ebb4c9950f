namespace Dvt.Signer.Lifecycle;

/// <summary>The gas limits a builder registration may carry (inclusive); the defaults bracket mainnet's current limits.</summary>
public sealed record GasLimitBounds
{
    public GasLimitBounds(ulong min, ulong max)
    {
        if (min > max)
            throw new ArgumentException($"gas limit bounds: min {min} is above max {max}");
        Min = min;
        Max = max;
    }

    public static GasLimitBounds Default { get; } = new(30_000_000, 100_000_000);

    public ulong Min { get; }

    public ulong Max { get; }

    public override string ToString() => $"[{Min}, {Max}]";
}
