using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Rpc;

namespace Dvt.ContractBindings.Follower;

/// <summary>A log with its decoded event (null when the decoder does not know its topic).</summary>
public sealed record FollowedLog(LogEntry Log, IContractEvent? Event)
{
    public BlockNumber BlockNumber => Log.BlockNumber;

    public Hash32 BlockHash => Log.BlockHash;

    public ulong LogIndex => Log.LogIndex;
}
