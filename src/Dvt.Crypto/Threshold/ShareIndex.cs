namespace Dvt.Crypto.Threshold;

/// <summary>
/// The x coordinate of a Shamir share: a receiver's 1-based position in its round's receiver list
/// (1..255, one byte in the share-encryption associated data). 0 is the secret itself, never a share.
/// </summary>
public readonly record struct ShareIndex
{
    public const int Max = 255;

    public ShareIndex(int value)
    {
        if (value is < 1 or > Max)
            throw new ArgumentOutOfRangeException(nameof(value), value, $"a share index is 1..{Max}");
        Value = value;
    }

    public int Value { get; }

    public override string ToString() => $"share #{Value}";
}
