using System.Diagnostics;
using Dvt.Consensus.Primitives;
using Dvt.Signer.Directory;

namespace Dvt.Signer.Signing;

/// <summary>
/// The exchanges this holder takes part in, one per (validator, signing root), shared by its own validator clients'
/// requests and by the pushes of other holders. Bounded: an entry older than <c>retention</c> goes (a duty's root is
/// signed within its slot, an aggregate's within the next), and past <c>capacity</c> the oldest goes first. An entry
/// whose validator's holder set changed (a reshare) is replaced, since its partials belong to the old shares.
/// </summary>
public sealed class PartialExchanges(TimeSpan retention, IPartialCombiner combiner, PartialAudit? audit = null, int capacity = 16384)
{
    private readonly Dictionary<(ulong Validator, Root Root), PartialExchange> _entries = [];
    private readonly Queue<PartialExchange> _order = new();
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
                return _entries.Count;
        }
    }

    public PartialExchange GetOrAdd(ValidatorSigningSet set, Root signingRoot)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            Prune(now);
            var key = (set.ValidatorId, signingRoot);
            if (_entries.TryGetValue(key, out var existing) && SameHolders(existing.Set, set))
                return existing;
            var created = new PartialExchange(set, signingRoot, now, combiner, audit);
            _entries[key] = created;
            _order.Enqueue(created);
            return created;
        }
    }

    /// <summary>The exchange of the root, if this holder has one for the same holders; never creates one.</summary>
    public PartialExchange? Find(ValidatorSigningSet set, Root signingRoot)
    {
        lock (_lock)
            return _entries.TryGetValue((set.ValidatorId, signingRoot), out var existing) && SameHolders(existing.Set, set) ? existing : null;
    }

    /// <summary>Drops an exchange whose root this holder will not sign (not decided, refused): a later request starts afresh.</summary>
    public void Forget(PartialExchange exchange)
    {
        lock (_lock)
        {
            var key = (exchange.Set.ValidatorId, exchange.SigningRoot);
            if (_entries.TryGetValue(key, out var current) && ReferenceEquals(current, exchange))
                _entries.Remove(key);
        }
    }

    private void Prune(long now)
    {
        while (_order.TryPeek(out var oldest)
               && (_order.Count > capacity || Stopwatch.GetElapsedTime(oldest.CreatedTimestamp, now) > retention))
        {
            _order.Dequeue();
            var key = (oldest.Set.ValidatorId, oldest.SigningRoot);
            if (_entries.TryGetValue(key, out var current) && ReferenceEquals(current, oldest))
                _entries.Remove(key);
        }
    }

    private static bool SameHolders(ValidatorSigningSet a, ValidatorSigningSet b)
        => a.PublicKey.Equals(b.PublicKey) && a.Scheme == b.Scheme && a.Holders.SequenceEqual(b.Holders);
}
