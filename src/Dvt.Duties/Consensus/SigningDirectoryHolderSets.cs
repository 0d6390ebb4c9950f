using System.Collections.Concurrent;
using Dvt.Qbft.Engine;
using Dvt.Qbft.Messages;
using Dvt.Signer.Directory;
using QbftOperatorId = Dvt.Consensus.Primitives.OperatorId;

namespace Dvt.Duties.Consensus;

/// <summary>
/// The holder sets of the distributed validators this operator holds a share of, as the signer's directory (kept
/// current from the registry) says. A holder set is known here only while this operator is in it, so messages for
/// any other set are refused before they cost memory. The derived ids of aggregate and contribution instances
/// (<see cref="DutyInstances"/>) resolve to their holder set too.
/// </summary>
public sealed class SigningDirectoryHolderSets(IValidatorDirectory validators, Dvt.Consensus.Primitives.OperatorId self) : IHolderSetDirectory
{
    private readonly ConcurrentDictionary<Sha256Digest, DutyPart> _parts = new();

    public HolderSet? Find(Sha256Digest holderSetId)
    {
        var sets = All();
        if (sets.FirstOrDefault(s => s.Id == holderSetId) is { } set)
            return set;
        return PartOf(holderSetId, sets) is { } part ? sets.FirstOrDefault(s => s.Id == part.HolderSet) : null;
    }

    /// <summary>The holder set and committee of an aggregate or contribution instance; null for any other.</summary>
    public DutyPart? PartOf(InstanceId instance) =>
        instance.Duty is DutyType.Aggregator or DutyType.SyncCommitteeContribution && PartOf(instance.HolderSet, All()) is { } part && part.Duty == instance.Duty
            ? part
            : null;

    /// <summary>Every holder set this operator is in, in id order.</summary>
    public IReadOnlyList<HolderSet> All() =>
        validators.PublicKeys().Select(k => validators.Find(k.Span)).Where(s => s is { IsSolo: false } && s.Holders.Any(h => h.Operator == self))
            .Select(s => Of(s!)).DistinctBy(s => s.Id).OrderBy(s => s.Id.ToString(), StringComparer.Ordinal).ToArray();

    /// <summary>The holder set of one distributed validator.</summary>
    public static HolderSet Of(ValidatorSigningSet set) => new(set.Holders.Select(h => new QbftOperatorId(h.Operator.Value)));

    private DutyPart? PartOf(Sha256Digest id, IReadOnlyList<HolderSet> sets)
    {
        if (_parts.TryGetValue(id, out var known))
            return sets.Any(s => s.Id == known.HolderSet) ? known : null;
        // 68 hashes per holder set, once: a set's derived ids are filled the first time any unknown id is asked for.
        foreach (var set in sets.Where(s => !_parts.ContainsKey(DutyInstances.Aggregate(s.Id, new Dvt.Consensus.Primitives.CommitteeIndex(0), default).HolderSet)))
        {
            foreach (var (derived, part) in DutyInstances.PartsOf(set.Id))
                _parts.TryAdd(derived, part);
        }
        return _parts.TryGetValue(id, out var found) && sets.Any(s => s.Id == found.HolderSet) ? found : null;
    }
}
