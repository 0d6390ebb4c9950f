using Dvt.Qbft.Messages;

namespace Dvt.Qbft.Engine;

/// <summary>The holder sets this operator belongs to, by id (from the registry); null for one it does not know.</summary>
public interface IHolderSetDirectory
{
    HolderSet? Find(Sha256Digest holderSetId);
}
