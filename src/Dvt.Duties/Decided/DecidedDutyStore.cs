using System.Collections.Concurrent;
using Dvt.Consensus.Primitives;
using Dvt.Qbft.Messages;

namespace Dvt.Duties.Decided;

/// <summary>Decided duty data in memory until pruned by slot; waiters are released when the decision is stored.</summary>
public sealed class DecidedDutyStore : IDecidedDutyStore
{
    private readonly ConcurrentDictionary<InstanceId, TaskCompletionSource<DutyData>> _duties = new();

    public Task StoreAsync(DutyData decided, CancellationToken cancellationToken)
    {
        var entry = _duties.GetOrAdd(decided.Duty, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!entry.TrySetResult(decided) && !SameData(entry.Task.Result, decided))
            throw new InvalidOperationException($"{decided.Duty} was decided twice with different data: consensus is broken");
        return Task.CompletedTask;
    }

    public Task<DutyData> AwaitAsync(InstanceId duty, CancellationToken cancellationToken) =>
        _duties.GetOrAdd(duty, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(cancellationToken);

    public bool TryGet(InstanceId duty, out DutyData? decided)
    {
        decided = _duties.TryGetValue(duty, out var entry) && entry.Task.IsCompletedSuccessfully ? entry.Task.Result : null;
        return decided is not null;
    }

    public void PruneBefore(Slot slot)
    {
        foreach (var duty in _duties.Keys.Where(d => d.Slot < slot))
        {
            if (_duties.TryRemove(duty, out var entry))
                entry.TrySetCanceled();
        }
    }

    private static bool SameData(DutyData a, DutyData b) =>
        a.ByValidator.Count == b.ByValidator.Count
        && a.ByValidator.All(e => b.ByValidator.TryGetValue(e.Key, out var other) && other.AsSpan().SequenceEqual(e.Value));
}
