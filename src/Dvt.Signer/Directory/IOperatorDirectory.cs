using Dvt.Consensus.Primitives;
using Dvt.ContractBindings;

namespace Dvt.Signer.Directory;

/// <summary>An operator as registered on-chain: the address its peer requests must be signed by, and its endpoint.</summary>
public sealed record OperatorPeer(OperatorId Id, Address Owner, Uri Endpoint, bool Active);

/// <summary>Registered operators, kept current by the coordinator from the registry's events.</summary>
public interface IOperatorDirectory
{
    OperatorPeer? Find(OperatorId id);
}
