namespace Dvt.ContractBindings;

/// <summary>The block argument of eth_call, eth_getBalance and friends: a number or one of the named tags.</summary>
public readonly struct BlockTag
{
    private readonly string text;

    private BlockTag(string text, BlockNumber? number = null)
    {
        this.text = text;
        Number = number;
    }

    /// <summary>The block number of a tag made by <see cref="At"/>; null for the named tags.</summary>
    public BlockNumber? Number { get; }

    public static BlockTag Latest => new("latest");

    public static BlockTag Pending => new("pending");

    public static BlockTag Earliest => new("earliest");

    public static BlockTag Safe => new("safe");

    public static BlockTag Finalized => new("finalized");

    public static BlockTag At(BlockNumber number) => new(number.ToQuantity(), number);

    public static implicit operator BlockTag(BlockNumber number) => At(number);

    public override string ToString() => text ?? "latest";
}
