namespace Dvt.ContractBindings;

/// <summary>The block argument of eth_call, eth_getBalance and friends: a number or one of the named tags.</summary>
public readonly struct BlockTag
{
    private readonly string text;

    private BlockTag(string text) => this.text = text;

    public static BlockTag Latest => new("latest");

    public static BlockTag Pending => new("pending");

    public static BlockTag Earliest => new("earliest");

    public static BlockTag Safe => new("safe");

    public static BlockTag Finalized => new("finalized");

    public static BlockTag At(BlockNumber number) => new(number.ToQuantity());

    public static implicit operator BlockTag(BlockNumber number) => At(number);

    public override string ToString() => text ?? "latest";
}
