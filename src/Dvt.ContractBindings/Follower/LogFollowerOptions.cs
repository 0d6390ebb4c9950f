namespace Dvt.ContractBindings.Follower;

public sealed record LogFollowerOptions
{
    /// <summary>Blocks kept back from the head: 0 follows the head itself (reorgs then roll back handled logs).</summary>
    public ulong Confirmations { get; init; } = 2;

    /// <summary>First block to read when there is no cursor yet (the contract's deployment block, typically).</summary>
    public BlockNumber StartBlock { get; init; } = new(0);

    /// <summary>Largest eth_getLogs range; halved on refusal, grown back after successes.</summary>
    public ulong MaxBlockRange { get; init; } = 2000;

    /// <summary>How many recent block hashes to keep for finding the common ancestor of a reorg.</summary>
    public int RecentBlocksKept { get; init; } = 256;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);
}
