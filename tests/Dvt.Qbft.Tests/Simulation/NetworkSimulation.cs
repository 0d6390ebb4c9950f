using Dvt.Consensus.Primitives;
using Dvt.Qbft.Encoding;
using Dvt.Qbft.Engine;
using Dvt.Qbft.Messages;

namespace Dvt.Qbft.Tests.Simulation;

/// <summary>What can go wrong in one run before the network stabilises (GST); after it, nothing is lost and delays are bounded.</summary>
public sealed record NetworkConditions
{
    public double Loss { get; init; } = 0.15;
    public double Duplication { get; init; } = 0.1;
    public TimeSpan MinDelay { get; init; } = TimeSpan.FromMilliseconds(1);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(150);
    public TimeSpan Gst { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan MaxDelayAfterGst { get; init; } = TimeSpan.FromMilliseconds(30);

    /// <summary>Split the holders in two groups from a random time until GST (then the partition heals).</summary>
    public bool Partition { get; init; }
}

/// <summary>How a faulty holder misbehaves.</summary>
public enum Fault
{
    Crashed,
    EquivocatingLeader,
    ForgedJustification,
    ReplayAndFutureRounds,
}

/// <summary>
/// A deterministic discrete-event network of QBFT engines: one seeded RNG decides every delay, loss, duplicate and
/// fault, so a failing seed replays exactly. Messages travel as encoded bytes, so the codec is on every path.
/// </summary>
public sealed class NetworkSimulation
{
    private abstract record Event;
    private sealed record Deliver(OperatorId To, byte[] Bytes) : Event;
    private sealed record Tick(OperatorId Node) : Event;
    private sealed record StartInstance(OperatorId Node, InstanceId Instance) : Event;
    private sealed record Misbehave(OperatorId Node) : Event;

    private readonly TestCluster _cluster;
    private readonly Random _random;
    private readonly NetworkConditions _conditions;
    private readonly IReadOnlyDictionary<OperatorId, Fault> _faults;
    private readonly SimulatedClock _clock = new();
    private readonly PriorityQueue<Event, (long, long)> _events = new();
    private readonly Dictionary<OperatorId, QbftEngine> _engines = [];
    private readonly Dictionary<OperatorId, FaultInjectingHolder> _byzantine = [];
    private readonly Dictionary<OperatorId, TimeSpan> _scheduledTicks = [];
    private readonly HashSet<OperatorId> _groupA = [];
    private TimeSpan _partitionStart;
    private long _sequence;

    public NetworkSimulation(TestCluster cluster, int seed, NetworkConditions conditions, IReadOnlyDictionary<OperatorId, Fault> faults, QbftOptions options)
    {
        _cluster = cluster;
        _random = new Random(seed);
        _conditions = conditions;
        _faults = faults;
        var validator = new PrefixValueValidator();
        foreach (var id in cluster.Holders.Operators)
        {
            if (faults.GetValueOrDefault(id, (Fault)(-1)) == Fault.Crashed)
                continue;
            _engines[id] = new QbftEngine(cluster.SignerOf(id), cluster.Verifier, validator, cluster, _clock, options);
            if (faults.TryGetValue(id, out var fault))
                _byzantine[id] = new FaultInjectingHolder(fault, cluster.SignerOf(id), cluster.Holders, _random);
        }
        if (conditions.Partition)
        {
            foreach (var id in cluster.Holders.Operators.OrderBy(_ => _random.Next()).Take(cluster.Holders.Count / 2))
                _groupA.Add(id);
            _partitionStart = TimeSpan.FromMilliseconds(_random.Next(0, (int)conditions.Gst.TotalMilliseconds / 2));
        }
    }

    public IEnumerable<OperatorId> Honest => _engines.Keys.Where(id => !_byzantine.ContainsKey(id));

    public SimulationResult Run(IReadOnlyList<InstanceId> instances, TimeSpan limit)
    {
        var result = new SimulationResult();
        foreach (var id in _engines.Keys)
        {
            foreach (var instance in instances)
                Schedule(TimeSpan.FromMilliseconds(_random.Next(0, 50)), new StartInstance(id, instance));
            if (_byzantine.ContainsKey(id))
                Schedule(TimeSpan.FromMilliseconds(_random.Next(20, 200)), new Misbehave(id));
        }
        // As the coordinator does each slot: messages for earlier slots are refused, later ones within a window kept.
        foreach (var engine in _engines.Values)
            engine.PruneBefore(instances.Min(i => i.Slot));
        var pending = Honest.Count() * instances.Count;
        while (pending > 0 && _events.TryDequeue(out var next, out var at))
        {
            _clock.Now = TimeSpan.FromTicks(at.Item1);
            if (_clock.Now > limit)
                break;
            var (node, step) = next switch
            {
                Deliver d when _engines.ContainsKey(d.To) => (d.To, Observe(d.To, d.Bytes, result)),
                Tick t => (t.Node, _engines[t.Node].Tick()),
                StartInstance s => (s.Node, _engines[s.Node].Start(s.Instance, PrefixValueValidator.ValueFor(s.Instance, s.Node.Value.ToString()))),
                Misbehave m => (m.Node, QbftStep.Empty),
                _ => (default(OperatorId), QbftStep.Empty),
            };
            if (next is Misbehave misbehave)
            {
                foreach (var (to, bytes) in _byzantine[misbehave.Node].Act(_clock.Now))
                    Send(misbehave.Node, to, bytes);
                Schedule(_clock.Now + TimeSpan.FromMilliseconds(_random.Next(50, 400)), misbehave);
                continue;
            }
            if (node == default)
                continue;
            foreach (var decision in step.Decisions)
            {
                if (!_byzantine.ContainsKey(node))
                {
                    result.Record(node, decision, _clock.Now);
                    pending--;
                }
            }
            foreach (var rejection in step.Rejections)
                result.Rejections[rejection.Reason] = result.Rejections.GetValueOrDefault(rejection.Reason) + 1;
            foreach (var outbound in step.Outbound)
            {
                if (outbound.Envelope.Message.Type == MessageType.PrePrepare)
                    result.Proposed.Add(Convert.ToHexString(outbound.Envelope.Value!));
                if (_byzantine.TryGetValue(node, out var byzantine))
                {
                    foreach (var (to, bytes) in byzantine.Rewrite(outbound, result.Proposed))
                        Send(node, to, bytes);
                    continue;
                }
                var bytesOut = QbftCodec.Encode(outbound.Envelope);
                foreach (var to in outbound.Recipients)
                    Send(node, to, bytesOut);
            }
            if (_engines[node].NextDeadline is { } deadline && _scheduledTicks.GetValueOrDefault(node, TimeSpan.MinValue) != deadline)
            {
                _scheduledTicks[node] = deadline;
                Schedule(deadline > _clock.Now ? deadline : _clock.Now, new Tick(node));
            }
        }
        result.EndTime = _clock.Now;
        result.StoredMessages = _engines.Where(e => !_byzantine.ContainsKey(e.Key)).Max(e => e.Value.StoredMessageCount);
        return result;
    }

    private QbftStep Observe(OperatorId to, byte[] bytes, SimulationResult result)
    {
        result.Delivered++;
        if (_byzantine.TryGetValue(to, out var byzantine))
            byzantine.Record(bytes);
        return _engines[to].Receive(bytes);
    }

    private void Send(OperatorId from, OperatorId to, byte[] bytes)
    {
        var now = _clock.Now;
        var beforeGst = now < _conditions.Gst;
        if (beforeGst)
        {
            if (_random.NextDouble() < _conditions.Loss)
                return;
            if (_conditions.Partition && now >= _partitionStart && _groupA.Contains(from) != _groupA.Contains(to))
                return;
        }
        var copies = beforeGst && _random.NextDouble() < _conditions.Duplication ? 2 : 1;
        for (var i = 0; i < copies; i++)
        {
            var maxDelay = beforeGst ? _conditions.MaxDelay : _conditions.MaxDelayAfterGst;
            var delay = _conditions.MinDelay + TimeSpan.FromTicks((long)(_random.NextDouble() * (maxDelay - _conditions.MinDelay).Ticks));
            Schedule(now + delay, new Deliver(to, bytes));
        }
    }

    private void Schedule(TimeSpan at, Event e) => _events.Enqueue(e, (at.Ticks, _sequence++));
}

/// <summary>What a run observed: each honest holder's decisions, every value proposed, refusals by reason.</summary>
public sealed class SimulationResult
{
    public Dictionary<InstanceId, Dictionary<OperatorId, QbftDecision>> Decisions { get; } = [];
    public HashSet<string> Proposed { get; } = [];
    public Dictionary<RejectionReason, int> Rejections { get; } = [];
    public int Delivered { get; set; }
    public TimeSpan EndTime { get; set; }
    public TimeSpan LastDecision { get; private set; }
    public int StoredMessages { get; set; }

    public void Record(OperatorId node, QbftDecision decision, TimeSpan at)
    {
        if (!Decisions.TryGetValue(decision.Instance, out var byNode))
            Decisions[decision.Instance] = byNode = [];
        if (!byNode.TryAdd(node, decision))
            throw new InvalidOperationException($"{node} decided {decision.Instance} twice");
        LastDecision = at > LastDecision ? at : LastDecision;
    }
}
