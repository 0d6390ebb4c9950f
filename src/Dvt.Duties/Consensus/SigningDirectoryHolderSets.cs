using Dvt.Qbft.Engine;
using Dvt.Qbft.Messages;
using Dvt.Signer.Directory;
using QbftOperatorId = Dvt.Consensus.Primitives.OperatorId;

namespace Dvt.Duties.Consensus;

/// <summary>
/// The holder sets of the distributed validators this operator holds a share of, as the signer's directory (kept
/// current from the registry) says. A holder set is known here only while this operator is in it, so messages for
/// any other set are refused before they cost memory.
/// </summary>
public sealed class SigningDirectoryHolderSets(IValidatorDirectory validators, Dvt.Consensus.Primitives.OperatorId self) : IHolderSetDirectory
{
    public HolderSet? Find(Sha256Digest holderSetId) => All().FirstOrDefault(s => s.Id == holderSetId);

    /// <summary>Every holder set this operator is in, in id order.</summary>
    public IReadOnlyList<HolderSet> All() =>
        validators.PublicKeys().Select(k => validators.Find(k.Span)).Where(s => s is { IsSolo: false } && s.Holders.Any(h => h.Operator == self))
            .Select(s => Of(s!)).DistinctBy(s => s.Id).OrderBy(s => s.Id.ToString(), StringComparer.Ordinal).ToArray();

    /// <summary>The holder set of one distributed validator.</summary>
    public static HolderSet Of(ValidatorSigningSet set) => new(set.Holders.Select(h => new QbftOperatorId(h.Operator.Value)));
}
