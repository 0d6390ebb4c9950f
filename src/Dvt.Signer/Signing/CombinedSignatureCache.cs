using Dvt.Consensus.Primitives;

namespace Dvt.Signer.Signing;

/// <summary>
/// One threshold exchange per (validator, signing root) at this coordinator, however many validator clients ask:
/// the first request runs the exchange, concurrent ones await the same task, later ones get the combined signature
/// from here. Only approved signatures stay (a failure is retried by the next request). Bounded: the oldest
/// entries go first, since a duty's signing root is asked for within its slot.
/// </summary>
public sealed class CombinedSignatureCache(int capacity = 8192) : ICombinedSignatureServer
{
    private readonly Dictionary<(ulong Validator, Root Root), Task<SignOutcome>> _entries = [];
    private readonly Queue<(ulong Validator, Root Root)> _order = new();
    private readonly Lock _lock = new();

    /// <summary>Counts exchanges started here (for tests: two clients, one exchange).</summary>
    public long Exchanges { get; private set; }

    public async Task<SignOutcome> GetOrSignAsync(ulong validatorId, Root signingRoot, Func<Task<SignOutcome>> sign)
    {
        var key = (validatorId, signingRoot);
        TaskCompletionSource<SignOutcome> mine;
        Task<SignOutcome>? existing;
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out existing))
            {
                mine = new TaskCompletionSource<SignOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
                _entries[key] = mine.Task;
                _order.Enqueue(key);
                Exchanges++;
                while (_order.Count > capacity && _order.TryDequeue(out var old))
                    _entries.Remove(old);
            }
            else
            {
                mine = null!;
            }
        }
        if (existing is not null)
            return await existing.ConfigureAwait(false);
        SignOutcome outcome;
        try
        {
            outcome = await sign().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Forget(key);
            mine.SetException(e);
            throw;
        }
        if (outcome is not SignOutcome.Approved { Path: SigningPath.Threshold })
            Forget(key);
        mine.SetResult(outcome);
        return outcome;
    }

    private void Forget((ulong, Root) key)
    {
        lock (_lock)
            _entries.Remove(key);
    }
}
