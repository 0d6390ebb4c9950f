using Dvt.Consensus.Primitives;
using Dvt.Duties.Consensus;
using Dvt.Qbft.Messages;
using Microsoft.Extensions.Logging;
using Dvt.Signer;

namespace Dvt.Duties.Beacon;

/// <summary>
/// The scheduler stage: a third into every slot (when attestations and sync-committee messages are due) it emits the
/// attester and sync-committee instances of every holder set this operator is in, so that all holders start them at
/// about the same time, each with its own beacon node's data, and the round-1 leader proposes at once. Without it an
/// instance would start only where a validator client asked, and a leader whose client asks late (or is down) would
/// cost every instance a round timeout. Blocks are not scheduled: their data needs the validator client's RANDAO reveal.
/// </summary>
public sealed class SlotDutyScheduler(OwnBeaconNode beaconNode, SigningDirectoryHolderSets holderSets, ILogger<SlotDutyScheduler> logger)
    : IDutyScheduler, IAsyncDisposable
{
    private readonly List<Func<InstanceId, CancellationToken, Task>> _subscribers = [];
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Subscribe(Func<InstanceId, CancellationToken, Task> onDuty) => _subscribers.Add(onDuty);

    public void Start() => _loop = Task.Run(() => RunAsync(_stopping.Token));

    private async Task RunAsync(CancellationToken ct)
    {
        Slot? last = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var (slot, untilDue) = await beaconNode.NextDueAsync(1, 3, ct).ConfigureAwait(false);
                await Task.Delay(untilDue, ct).ConfigureAwait(false);
                if (last is { } previous && slot <= previous)
                    continue;
                last = slot;
                foreach (var set in holderSets.All())
                {
                    foreach (var duty in new[] { DutyType.Attester, DutyType.SyncCommitteeMessage })
                    {
                        var instance = new InstanceId(set.Id, duty, slot);
                        foreach (var subscriber in _subscribers)
                            _ = RunSubscriberAsync(subscriber, instance, ct);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or FormatException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // No beacon node yet (or it answers nonsense): try again shortly.
                logger.LogInformation("Duty scheduler waiting for the beacon node: {Problem}", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
            }
        }
    }

    private async Task RunSubscriberAsync(Func<InstanceId, CancellationToken, Task> subscriber, InstanceId instance, CancellationToken ct)
    {
        try
        {
            await subscriber(instance, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or InvalidOperationException or FormatException)
        {
            logger.LogDebug("Scheduled {Instance} not decided here: {Problem}", instance, e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _stopping.Dispose();
    }
}
