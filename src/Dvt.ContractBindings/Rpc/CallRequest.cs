namespace Dvt.ContractBindings.Rpc;

/// <summary>The transaction-like object of eth_call and eth_estimateGas.</summary>
public sealed record CallRequest(Address? To, byte[] Data, Address? From = null, UInt256? Value = null, ulong? Gas = null)
{
    internal Dictionary<string, object?> ToJson() => new()
    {
        ["from"] = From,
        ["to"] = To,
        ["data"] = Data,
        ["value"] = Value,
        ["gas"] = Gas is { } g ? Hex.EncodeQuantity(g) : null,
    };
}
