namespace Dvt.ContractBindings.Rpc;

/// <summary>An eth_getLogs / logs-subscription filter. Topics: per position, null = any, else any of the listed values.</summary>
public sealed record LogFilter(IReadOnlyList<Address> Addresses, IReadOnlyList<IReadOnlyList<Hash32>?>? Topics = null)
{
    internal Dictionary<string, object?> ToJson(BlockNumber? from, BlockNumber? to) => new()
    {
        ["address"] = Addresses.Count == 1 ? Addresses[0] : (object)Addresses.ToArray(),
        ["topics"] = Topics?.Select(t => t?.ToArray()).ToArray(),
        ["fromBlock"] = from,
        ["toBlock"] = to,
    };
}
