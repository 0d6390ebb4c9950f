using Dvt.Consensus.Containers;
using Dvt.Consensus.Primitives;

namespace Dvt.Consensus.Signing;

/// <summary>The fork_info of a Web3Signer request: the fork in effect and the chain's genesis_validators_root.</summary>
public sealed record ForkInfo(Fork Fork, Root GenesisValidatorsRoot)
{
    public Fork Fork { get; init; } = Fork ?? throw new ArgumentNullException(nameof(Fork));
}
