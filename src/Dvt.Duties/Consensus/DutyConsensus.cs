using Dvt.Consensus.Primitives;
using Dvt.Qbft.Engine;
using Dvt.Qbft.Messages;
using Dvt.Qbft.Signing;
using Microsoft.Extensions.Logging;
using Dvt.Signer;

namespace Dvt.Duties.Consensus;

/// <summary>
/// Drives this operator's <see cref="QbftEngine"/> in a running coordinator: one lock around the engine (it is not
/// thread-safe), its outbound messages handed to the peer transport, its round timers fired by a timer task, its
/// decisions kept per instance for the beacon-node middleware and the signing gate. An instance starts when this
/// holder's validator client asks for the duty's data, when a partial is asked for it, or when another holder's
/// message for it arrives (for duties whose input this holder's beacon node can give on its own).
/// </summary>
public sealed class DutyConsensus : IDutyConsensus, IAsyncDisposable
{
    /// <summary>Slots of decisions kept behind the newest instance (a duty's data is asked for within its slot, aggregates one slot later).</summary>
    private const ulong RetainedSlots = 64;

    private readonly QbftEngine _engine;
    private readonly DutyValueValidator _validator;
    private readonly IDutyInputSource _inputs;
    private readonly IQbftTransport _transport;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<InstanceId, byte[]> _ownInputs = [];
    private readonly Dictionary<InstanceId, TaskCompletionSource<byte[]>> _decisions = [];
    private readonly HashSet<InstanceId> _fetching = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _timers;
    private Slot _newest;

    public DutyConsensus(
        IMessageSigner signer, IMessageVerifier verifier, SigningDirectoryHolderSets holderSets, Dvt.Consensus.ConsensusPreset preset,
        IDutyInputSource inputs, IQbftTransport transport, QbftOptions options, ILogger<DutyConsensus> logger)
    {
        Preset = preset;
        _validator = new DutyValueValidator(preset, OwnInput, holderSets.PartOf, DecidedInsideLock);
        _engine = new QbftEngine(signer, verifier, _validator, holderSets, new MonotonicQbftClock(), options);
        _inputs = inputs;
        _transport = transport;
        _logger = logger;
        _timers = Task.Run(() => RunTimersAsync(_stopping.Token));
    }

    public Dvt.Consensus.ConsensusPreset Preset { get; }

    /// <summary>Instances decided so far that are still retained (metrics, tests).</summary>
    public int DecidedCount
    {
        get
        {
            lock (_lock)
                return _decisions.Values.Count(d => d.Task.IsCompletedSuccessfully);
        }
    }

    /// <summary>The decided value, or null while undecided (or pruned).</summary>
    public byte[]? Decided(InstanceId instance)
    {
        lock (_lock)
            return _decisions.TryGetValue(instance, out var d) && d.Task.IsCompletedSuccessfully ? d.Task.Result : null;
    }

    /// <summary>
    /// Joins the instance with <paramref name="input"/> (null: this holder's beacon node's, when it can give one) and
    /// waits for the decision until <paramref name="cancellationToken"/> fires. A holder already started keeps its first
    /// input: one holder proposes one value per instance.
    /// </summary>
    public async Task<byte[]> DecideAsync(InstanceId instance, byte[]? input, CancellationToken cancellationToken)
    {
        Task<byte[]> decision;
        lock (_lock)
            decision = DecisionOf(instance).Task;
        if (!decision.IsCompleted)
        {
            input ??= await _inputs.FetchAsync(instance, cancellationToken).ConfigureAwait(false);
            if (input is not null)
            {
                try
                {
                    Start(instance, input);
                }
                catch (ArgumentException e)
                {
                    throw new InvalidOperationException($"cannot run {instance}: {e.Message}", e);
                }
            }
        }
        return await decision.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A QBFT message from an authenticated peer.</summary>
    public IReadOnlyList<MessageRejection> Receive(QbftEnvelope envelope)
    {
        QbftStep step;
        bool started;
        lock (_lock)
        {
            step = _engine.Receive(envelope);
            started = _ownInputs.ContainsKey(envelope.Message.Instance);
        }
        Apply(step);
        if (!started && step.Rejections.Count == 0)
            _ = JoinOnOwnInputAsync(envelope.Message.Instance);
        return step.Rejections;
    }

    private void Start(InstanceId instance, byte[] input)
    {
        QbftStep step;
        lock (_lock)
        {
            if (_ownInputs.ContainsKey(instance) || (_decisions.TryGetValue(instance, out var d) && d.Task.IsCompleted))
                return;
            if (instance.Slot > _newest)
            {
                _newest = instance.Slot;
                if (_newest.Value > RetainedSlots)
                    Prune(new Slot(_newest.Value - RetainedSlots));
            }
            _ownInputs[instance] = input;
            try
            {
                step = _engine.Start(instance, input);
            }
            catch
            {
                _ownInputs.Remove(instance);
                throw;
            }
        }
        Apply(step);
    }

    /// <summary>Another holder runs an instance this one has not joined: join it with its own beacon node's data.</summary>
    private async Task JoinOnOwnInputAsync(InstanceId instance)
    {
        lock (_lock)
        {
            if (!_fetching.Add(instance))
                return;
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(4));
            if (await _inputs.FetchAsync(instance, timeout.Token).ConfigureAwait(false) is { } input)
                Start(instance, input);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or FormatException or ArgumentException or InvalidOperationException)
        {
            _logger.LogInformation("Could not join {Instance} with this holder's own data: {Problem}", instance, e.Message);
        }
        finally
        {
            lock (_lock)
                _fetching.Remove(instance);
        }
    }

    private void Apply(QbftStep step)
    {
        foreach (var outbound in step.Outbound)
            _transport.Send(outbound);
        foreach (var decision in step.Decisions)
        {
            _validator.RecordDecided(decision.Instance, decision.Value);
            lock (_lock)
                DecisionOf(decision.Instance).TrySetResult(decision.Value);
            _logger.LogInformation("Decided {Instance} in round {Round}: value {Hash}", decision.Instance, decision.Round, decision.ValueHash);
        }
        foreach (var rejection in step.Rejections)
            _logger.LogDebug("QBFT message from {Sender} not used ({Reason}): {Detail}", rejection.Sender, rejection.Reason, rejection.Detail);
    }

    private TaskCompletionSource<byte[]> DecisionOf(InstanceId instance)
    {
        if (!_decisions.TryGetValue(instance, out var decision))
            _decisions[instance] = decision = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        return decision;
    }

    private byte[]? OwnInput(InstanceId instance) => _ownInputs.GetValueOrDefault(instance); // called by the engine, inside the lock

    private byte[]? DecidedInsideLock(InstanceId instance) => // called by the engine, inside the lock
        _decisions.TryGetValue(instance, out var d) && d.Task.IsCompletedSuccessfully ? d.Task.Result : null;

    private void Prune(Slot before)
    {
        _engine.PruneBefore(before);
        foreach (var old in _decisions.Keys.Where(k => k.Slot < before).ToArray())
        {
            _decisions[old].TrySetCanceled();
            _decisions.Remove(old);
        }
        foreach (var old in _ownInputs.Keys.Where(k => k.Slot < before).ToArray())
            _ownInputs.Remove(old);
    }

    private async Task RunTimersAsync(CancellationToken ct)
    {
        // The engine keeps deadlines only; a coarse tick is enough against round timeouts of a second and more.
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                QbftStep step;
                lock (_lock)
                    step = _engine.NextDeadline is not null ? _engine.Tick() : QbftStep.Empty;
                Apply(step);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _timers.ConfigureAwait(false);
        _stopping.Dispose();
    }
}
