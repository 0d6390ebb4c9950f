using Dvt.Consensus.Primitives;
using Dvt.Qbft.Encoding;
using Dvt.Qbft.Messages;
using Dvt.Qbft.Signing;

namespace Dvt.Qbft.Engine;

/// <summary>
/// All of one operator's QBFT instances: routes messages to them by instance, creates an instance on the first
/// message or on <see cref="Start"/>, and keeps memory bounded (slot window, instance cap, per-instance bounds,
/// <see cref="PruneBefore"/>). Not thread-safe: one driver feeds it inputs one at a time. No I/O, no timers of its
/// own: the driver sends <see cref="QbftStep.Outbound"/> and calls <see cref="Tick"/> at <see cref="NextDeadline"/>.
/// </summary>
public sealed class QbftEngine(
    IMessageSigner signer,
    IMessageVerifier verifier,
    IValueValidator validator,
    IHolderSetDirectory holderSets,
    IQbftClock clock,
    QbftOptions options)
{
    private readonly Dictionary<InstanceId, QbftInstance> _instances = [];
    private Slot _floor;
    private Slot _highestStarted;

    public OperatorId Self => signer.Operator;

    /// <summary>The clock the deadlines are on.</summary>
    public IQbftClock Clock => clock;

    public int InstanceCount => _instances.Count;

    /// <summary>The earliest round deadline of any running instance; null when none is running.</summary>
    public TimeSpan? NextDeadline => _instances.Values.Select(i => i.Deadline).Where(d => d is not null).Min();

    /// <summary>Messages held across all instances (for memory-bound tests and metrics).</summary>
    public int StoredMessageCount => _instances.Values.Sum(i => i.StoredMessageCount);

    public QbftDecision? DecisionOf(InstanceId instance) => _instances.GetValueOrDefault(instance)?.Decision;

    /// <summary>Starts an instance with this holder's input value (the data its own beacon node gave).</summary>
    public QbftStep Start(InstanceId instance, byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Length > QbftCodec.MaxValueLength)
            throw new ArgumentException($"input value is {input.Length} bytes, at most {QbftCodec.MaxValueLength}", nameof(input));
        var holders = holderSets.Find(instance.HolderSet)
            ?? throw new ArgumentException($"holder set {instance.HolderSet} of {instance} is not known", nameof(instance));
        if (!holders.Contains(Self))
            throw new ArgumentException($"{Self} is not a holder of {instance}", nameof(instance));
        if (instance.Slot < _floor)
            throw new ArgumentException($"{instance} is before the pruned slot {_floor}", nameof(instance));
        var step = new StepBuilder();
        if (!_instances.TryGetValue(instance, out var running))
        {
            if (_instances.Count >= options.MaxInstances)
                throw new InvalidOperationException($"{_instances.Count} instances are held, at most {options.MaxInstances}: prune old slots first");
            _instances[instance] = running = NewInstance(instance, holders);
        }
        if (instance.Slot > _highestStarted)
            _highestStarted = instance.Slot;
        running.Start(input, step);
        return step.Build();
    }

    /// <summary>Decodes and handles bytes from a peer; malformed bytes become a rejection, never an exception.</summary>
    public QbftStep Receive(ReadOnlySpan<byte> bytes)
    {
        QbftEnvelope envelope;
        try
        {
            envelope = QbftCodec.Decode(bytes);
        }
        catch (QbftMessageFormatException e)
        {
            var step = new StepBuilder();
            step.Reject(RejectionReason.Malformed, null, e.Message);
            return step.Build();
        }
        return Receive(envelope);
    }

    public QbftStep Receive(QbftEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var step = new StepBuilder();
        var message = envelope.Message;
        var instance = message.Instance;
        if (!_instances.TryGetValue(instance, out var target))
        {
            var ceiling = (_highestStarted > _floor ? _highestStarted : _floor).Value + options.SlotsAhead;
            if (instance.Slot < _floor || instance.Slot.Value > ceiling)
            {
                step.Reject(RejectionReason.InstanceOutOfWindow, message.Sender, $"{instance} is outside slots {_floor}..{ceiling}");
                return step.Build();
            }
            if (holderSets.Find(instance.HolderSet) is not { } holders)
            {
                step.Reject(RejectionReason.UnknownHolderSet, message.Sender, $"holder set {instance.HolderSet} is not one of this operator's");
                return step.Build();
            }
            if (!holders.Contains(message.Sender))
            {
                step.Reject(RejectionReason.NotAHolder, message.Sender, $"{message.Sender} is not a holder of {instance}");
                return step.Build();
            }
            if (_instances.Count >= options.MaxInstances)
            {
                step.Reject(RejectionReason.BufferFull, message.Sender, $"{_instances.Count} instances are held, at most {options.MaxInstances}");
                return step.Build();
            }
            _instances[instance] = target = NewInstance(instance, holders);
        }
        target.Receive(envelope, step);
        return step.Build();
    }

    /// <summary>Fires the round timers that have expired.</summary>
    public QbftStep Tick()
    {
        var step = new StepBuilder();
        foreach (var instance in _instances.Values)
            instance.Tick(step);
        return step.Build();
    }

    /// <summary>Forgets every instance before <paramref name="slot"/> and refuses messages for them from now on.</summary>
    public void PruneBefore(Slot slot)
    {
        if (slot <= _floor)
            return;
        _floor = slot;
        foreach (var id in _instances.Keys.Where(k => k.Slot < slot).ToArray())
            _instances.Remove(id);
    }

    private QbftInstance NewInstance(InstanceId id, HolderSet holders) =>
        new(id, holders, signer, verifier, validator, clock, options);
}
