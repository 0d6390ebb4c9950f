using System.Collections.Concurrent;

namespace Dvt.Signer;

/// <summary>
/// Values computed from keys, kept for the keys seen lately: a concurrent map emptied when it reaches its capacity (its
/// users see a few distinct keys per slot, so an emptying costs a recomputation of each). Concurrent askers of a new key
/// may each compute it, so a value must be a pure function of its key; a computation that throws keeps nothing.
/// </summary>
internal sealed class BoundedMemo<TKey, TValue>(int capacity, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _values = new(comparer);

    public TValue GetOrCompute(TKey key, Func<TKey, TValue> compute)
    {
        if (_values.TryGetValue(key, out var known))
            return known;
        var value = compute(key);
        if (_values.Count >= capacity)
            _values.Clear();
        _values.TryAdd(key, value);
        return value;
    }
}
