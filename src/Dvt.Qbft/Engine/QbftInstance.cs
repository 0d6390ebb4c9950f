using Dvt.Consensus.Primitives;
using Dvt.Qbft.Encoding;
using Dvt.Qbft.Messages;
using Dvt.Qbft.Signing;

namespace Dvt.Qbft.Engine;

/// <summary>
/// One QBFT instance at one holder: Moniz, "The Istanbul BFT Consensus Algorithm" (2020), algorithms 1-4.
/// Every message is checked (holder, signature, round window, leader, justification, value hash, validity)
/// before it is stored; rules then fire from the stored messages, each at most once per round.
/// Additions to the paper: a justified PRE-PREPARE of a later round moves this holder to that round, a holder that
/// has decided answers ROUND-CHANGEs with DECIDED (value + commit quorum) so holders that missed the COMMITs finish.
/// </summary>
internal sealed class QbftInstance
{
    private readonly record struct Bucket(uint Round, MessageType Type);

    private sealed record Received(SignedMessage Signed, byte[]? Value, IReadOnlyList<SignedMessage> Justification);

    private readonly HolderSet _holders;
    private readonly OperatorId _self;
    private readonly QbftOptions _options;
    private readonly IMessageSigner _signer;
    private readonly IMessageVerifier _verifier;
    private readonly IValueValidator _validator;
    private readonly IQbftClock _clock;
    private readonly IReadOnlyList<OperatorId> _others;

    private readonly Dictionary<Bucket, Dictionary<OperatorId, Received>> _store = [];
    private readonly Dictionary<OperatorId, Received> _farRoundChanges = [];
    private readonly HashSet<Bucket> _acted = [];
    private readonly List<QbftEnvelope> _pending = [];
    private readonly Dictionary<OperatorId, int> _pendingPerSender = [];
    private readonly Dictionary<OperatorId, uint> _decidedReplies = [];
    private readonly HashSet<(Sha256Digest, MessageSignature)> _verified = [];

    private byte[]? _input;
    private Sha256Digest _inputHash;
    private uint _round;
    private uint _preparedRound;
    private Sha256Digest _preparedHash;
    private byte[]? _preparedValue;
    private IReadOnlyList<SignedMessage> _preparedCertificate = [];
    private QbftEnvelope? _decidedEnvelope;

    public QbftInstance(InstanceId id, HolderSet holders, IMessageSigner signer, IMessageVerifier verifier,
        IValueValidator validator, IQbftClock clock, QbftOptions options)
    {
        Id = id;
        _holders = holders;
        _self = signer.Operator;
        _signer = signer;
        _verifier = verifier;
        _validator = validator;
        _clock = clock;
        _options = options;
        _others = [.. holders.Operators.Where(o => o != _self)];
    }

    public InstanceId Id { get; }

    public bool Started => _input is not null;

    public uint Round => _round;

    public QbftDecision? Decision { get; private set; }

    public TimeSpan? Deadline { get; private set; }

    /// <summary>Messages held in memory, for the memory-bound tests.</summary>
    public int StoredMessageCount => _store.Values.Sum(b => b.Count) + _farRoundChanges.Count + _pending.Count;

    public void Start(byte[] input, StepBuilder step)
    {
        if (Started)
            throw new InvalidOperationException($"instance {Id} was already started");
        _input = input;
        _inputHash = Sha256Digest.Of(input);
        _round = 1;
        Deadline = _clock.Now + _options.RoundTimeout(1);
        if (_holders.LeaderOf(Id, 1) == _self)
        {
            _acted.Add(new Bucket(1, MessageType.PrePrepare));
            Broadcast(MessageType.PrePrepare, 1, _inputHash, 0, input, [], step);
        }
        var pending = _pending.ToArray();
        _pending.Clear();
        _pendingPerSender.Clear();
        foreach (var envelope in pending)
            Process(envelope, step);
        Evaluate(step);
    }

    public void Receive(QbftEnvelope envelope, StepBuilder step)
    {
        var message = envelope.Message;
        if (!_holders.Contains(message.Sender))
        {
            step.Reject(RejectionReason.NotAHolder, message.Sender, $"{message.Sender} is not a holder of {Id}");
            return;
        }
        if (message.Sender == _self)
        {
            step.Reject(RejectionReason.Duplicate, message.Sender, "a message in this operator's own name came back");
            return;
        }
        if (!Started)
        {
            var perSender = _pendingPerSender.GetValueOrDefault(message.Sender);
            if (perSender >= Math.Max(1, _options.MaxBufferedBeforeStart / _holders.Count))
            {
                step.Reject(RejectionReason.BufferFull, message.Sender, $"{message.Sender} already has {perSender} messages waiting for {Id} to start");
                return;
            }
            if (!Verified(envelope.Signed))
            {
                step.Reject(RejectionReason.BadSignature, message.Sender, $"{message.Type} is not signed by {message.Sender}'s registered key");
                return;
            }
            _pendingPerSender[message.Sender] = perSender + 1;
            _pending.Add(envelope);
            return;
        }
        Process(envelope, step);
        Evaluate(step);
    }

    public void Tick(StepBuilder step)
    {
        if (!Started || Decision is not null || Deadline is not { } deadline || _clock.Now < deadline)
            return;
        // Algorithm 3, upon timer expiry: move to the next round and ask for it.
        MoveToRound(_round + 1);
        SendRoundChange(step);
        Evaluate(step);
    }

    private void Process(QbftEnvelope envelope, StepBuilder step)
    {
        var message = envelope.Message;
        var sender = message.Sender;
        if (Decision is not null)
        {
            AnswerWithDecision(envelope, step);
            return;
        }
        if (message.Type == MessageType.Decided)
        {
            AcceptDecided(envelope, step);
            return;
        }
        var far = message.Round > (ulong)_round + _options.FutureRounds;
        if (far && message.Type != MessageType.RoundChange)
        {
            step.Reject(RejectionReason.RoundOutOfWindow, sender, $"{message.Type} for round {message.Round}, this holder is in round {_round}");
            return;
        }
        if ((ulong)message.Round + _options.PastRounds < _round)
        {
            step.Reject(RejectionReason.RoundOutOfWindow, sender, $"{message.Type} for round {message.Round}, this holder is in round {_round}");
            return;
        }
        var slot = new Bucket(message.Round, message.Type);
        if (!far && _store.TryGetValue(slot, out var bucket) && bucket.TryGetValue(sender, out var earlier))
        {
            if (earlier.Signed == envelope.Signed)
                step.Reject(RejectionReason.Duplicate, sender, $"{message.Type} for round {message.Round} seen before");
            else
                step.Reject(RejectionReason.Equivocation, sender, $"a second, different {message.Type} for round {message.Round}");
            return;
        }
        if (far && _farRoundChanges.TryGetValue(sender, out var farEarlier) && farEarlier.Signed.Message.Round >= message.Round)
        {
            step.Reject(RejectionReason.Duplicate, sender, $"round change for round {message.Round} is not above the {farEarlier.Signed.Message.Round} held");
            return;
        }
        if (!Verified(envelope.Signed))
        {
            step.Reject(RejectionReason.BadSignature, sender, $"{message.Type} is not signed by {sender}'s registered key");
            return;
        }
        if (envelope.Value is not null && Sha256Digest.Of(envelope.Value) != message.ValueHash)
        {
            step.Reject(RejectionReason.ValueHashMismatch, sender, $"the value carried does not hash to the {message.Type}'s value hash");
            return;
        }
        switch (message.Type)
        {
            case MessageType.PrePrepare:
                if (_holders.LeaderOf(Id, message.Round) != sender)
                {
                    step.Reject(RejectionReason.NotLeader, sender, $"{sender} is not the leader of round {message.Round}");
                    return;
                }
                if (JustifyPrePrepare(envelope) is { } unjustified)
                {
                    step.Reject(RejectionReason.UnjustifiedPrePrepare, sender, unjustified);
                    return;
                }
                if (_validator.Judge(Id, envelope.Value) is ValueJudgement.Refused refused)
                {
                    step.Reject(RejectionReason.InvalidValue, sender, refused.Reason);
                    return;
                }
                break;
            case MessageType.RoundChange:
                if (message.IsPrepared
                    && CheckQuorum(envelope.Justification, MessageType.Prepare, message.PreparedRound, message.ValueHash) is { } noCertificate)
                {
                    step.Reject(RejectionReason.UnjustifiedRoundChange, sender, $"prepared round {message.PreparedRound}: {noCertificate}");
                    return;
                }
                break;
        }
        var received = new Received(envelope.Signed, envelope.Value, envelope.Justification);
        if (far)
            _farRoundChanges[sender] = received;
        else
            Store(received);
    }

    private void Evaluate(StepBuilder step)
    {
        // Each pass fires at most one rule that changes state; repeat until none fires.
        for (var guard = 0; guard < 64 && Decision is null; guard++)
        {
            if (TryDecideOnCommits(step) || TryAcceptPrePrepare(step) || TryCommitOnPrepares(step)
                || TryFollowRoundChanges(step) || TryProposeAfterRoundChange(step))
                continue;
            return;
        }
    }

    /// <summary>Algorithm 2, upon a quorum of COMMITs (any round): decide.</summary>
    private bool TryDecideOnCommits(StepBuilder step)
    {
        foreach (var (slot, bucket) in _store)
        {
            if (slot.Type != MessageType.Commit || bucket.Count < _holders.Quorum)
                continue;
            foreach (var group in bucket.Values.GroupBy(r => r.Signed.Message.ValueHash))
            {
                var commits = group.Select(r => r.Signed).ToArray();
                if (commits.Length < _holders.Quorum || FindValue(group.Key) is not { } value)
                    continue;
                Decide(value, group.Key, slot.Round, commits, step);
                return true;
            }
        }
        return false;
    }

    /// <summary>Algorithm 2, upon a justified PRE-PREPARE from the round's leader: PREPARE it (moving up to its round).</summary>
    private bool TryAcceptPrePrepare(StepBuilder step)
    {
        uint best = 0;
        Received? proposal = null;
        foreach (var (slot, bucket) in _store)
        {
            if (slot.Type != MessageType.PrePrepare || slot.Round < _round || slot.Round <= best || _acted.Contains(new Bucket(slot.Round, MessageType.Prepare)))
                continue;
            var leader = _holders.LeaderOf(Id, slot.Round);
            if (bucket.TryGetValue(leader, out var candidate))
            {
                best = slot.Round;
                proposal = candidate;
            }
        }
        if (proposal is null)
            return false;
        if (best > _round)
            MoveToRound(best);
        else
            Deadline = _clock.Now + _options.RoundTimeout(_round);
        _acted.Add(new Bucket(best, MessageType.Prepare));
        Broadcast(MessageType.Prepare, best, proposal.Signed.Message.ValueHash, 0, null, [], step);
        return true;
    }

    /// <summary>Algorithm 2, upon a quorum of PREPAREs in the current round: remember the prepared value and COMMIT.</summary>
    private bool TryCommitOnPrepares(StepBuilder step)
    {
        var commitSlot = new Bucket(_round, MessageType.Commit);
        if (_acted.Contains(commitSlot) || !_store.TryGetValue(new Bucket(_round, MessageType.Prepare), out var bucket) || bucket.Count < _holders.Quorum)
            return false;
        foreach (var group in bucket.Values.GroupBy(r => r.Signed.Message.ValueHash))
        {
            var prepares = group.Select(r => r.Signed).ToArray();
            if (prepares.Length < _holders.Quorum || FindValue(group.Key) is not { } value)
                continue;
            _preparedRound = _round;
            _preparedHash = group.Key;
            _preparedValue = value;
            _preparedCertificate = prepares[.._holders.Quorum];
            _acted.Add(commitSlot);
            Broadcast(MessageType.Commit, _round, group.Key, 0, null, [], step);
            return true;
        }
        return false;
    }

    /// <summary>Algorithm 3, upon f + 1 ROUND-CHANGEs for later rounds: join the lowest of them.</summary>
    private bool TryFollowRoundChanges(StepBuilder step)
    {
        var lowestPerSender = new Dictionary<OperatorId, uint>();
        foreach (var (slot, bucket) in _store)
        {
            if (slot.Type != MessageType.RoundChange || slot.Round <= _round)
                continue;
            foreach (var sender in bucket.Keys)
                lowestPerSender[sender] = Math.Min(lowestPerSender.GetValueOrDefault(sender, uint.MaxValue), slot.Round);
        }
        foreach (var (sender, received) in _farRoundChanges)
        {
            if (received.Signed.Message.Round > _round)
                lowestPerSender[sender] = Math.Min(lowestPerSender.GetValueOrDefault(sender, uint.MaxValue), received.Signed.Message.Round);
        }
        if (lowestPerSender.Count < _holders.Faults + 1)
            return false;
        // The f + 1 lowest: at least one is honest, so the round joined is no higher than an honest holder's.
        var target = lowestPerSender.Values.Order().Take(_holders.Faults + 1).Min();
        MoveToRound(target);
        SendRoundChange(step);
        return true;
    }

    /// <summary>Algorithm 3, the leader upon a justified quorum of ROUND-CHANGEs: propose the highest prepared value, else its own.</summary>
    private bool TryProposeAfterRoundChange(StepBuilder step)
    {
        var proposeSlot = new Bucket(_round, MessageType.PrePrepare);
        if (_round == 1 || _acted.Contains(proposeSlot) || _holders.LeaderOf(Id, _round) != _self
            || !_store.TryGetValue(new Bucket(_round, MessageType.RoundChange), out var bucket) || bucket.Count < _holders.Quorum)
            return false;
        var highest = bucket.Values
            .Where(r => r.Signed.Message.IsPrepared)
            .MaxBy(r => r.Signed.Message.PreparedRound);
        var quorum = bucket.Values.Where(r => r != highest).Take(_holders.Quorum - (highest is null ? 0 : 1)).Select(r => r.Signed).ToList();
        List<SignedMessage> justification;
        byte[] value;
        if (highest is null)
        {
            value = _input!;
            justification = quorum;
        }
        else
        {
            value = highest.Value!;
            justification = [highest.Signed, .. quorum, .. highest.Justification.Take(_holders.Quorum)];
        }
        _acted.Add(proposeSlot);
        Broadcast(MessageType.PrePrepare, _round, Sha256Digest.Of(value), 0, value, justification, step);
        return true;
    }

    /// <summary>Algorithm 4, JustifyPrePrepare: null when justified, else why not.</summary>
    private string? JustifyPrePrepare(QbftEnvelope envelope)
    {
        var message = envelope.Message;
        if (message.Round == 1)
            return envelope.Justification.Count == 0 ? null : "a round 1 proposal carries no justification";
        var roundChanges = envelope.Justification.Where(s => s.Message.Type == MessageType.RoundChange).ToArray();
        var prepares = envelope.Justification.Where(s => s.Message.Type == MessageType.Prepare).ToArray();
        if (CheckQuorum(roundChanges, MessageType.RoundChange, message.Round, null) is { } noQuorum)
            return $"round changes: {noQuorum}";
        var highest = roundChanges.Where(s => s.Message.IsPrepared).Select(s => s.Message.PreparedRound).DefaultIfEmpty(0u).Max();
        if (highest == 0)
            return prepares.Length == 0 ? null : "prepares justify nothing when no round change has prepared";
        if (!roundChanges.Any(s => s.Message.PreparedRound == highest && s.Message.ValueHash == message.ValueHash))
            return $"the value is not the one prepared in the highest prepared round {highest}";
        return CheckQuorum(prepares, MessageType.Prepare, highest, message.ValueHash) is { } noCertificate
            ? $"prepared round {highest}: {noCertificate}"
            : null;
    }

    /// <summary>Null when <paramref name="messages"/> are a quorum of valid, distinct-sender messages of this instance, the type, round and value; else why not.</summary>
    private string? CheckQuorum(IReadOnlyCollection<SignedMessage> messages, MessageType type, uint round, Sha256Digest? valueHash)
    {
        var senders = new HashSet<OperatorId>();
        foreach (var signed in messages)
        {
            var m = signed.Message;
            if (m.Type != type || m.Instance != Id || m.Round != round || (valueHash is { } hash && m.ValueHash != hash))
                return $"a {m.Type} of round {m.Round} for {m.Instance} does not match {type} of round {round} for {Id}";
            if (!_holders.Contains(m.Sender))
                return $"{m.Sender} is not a holder";
            if (!senders.Add(m.Sender))
                return $"{m.Sender} appears twice";
            if (!Verified(signed))
                return $"the {m.Type} of {m.Sender} is not signed by its registered key";
        }
        return senders.Count >= _holders.Quorum ? null : $"{senders.Count} distinct holders, a quorum is {_holders.Quorum}";
    }

    private void AcceptDecided(QbftEnvelope envelope, StepBuilder step)
    {
        var message = envelope.Message;
        if (!Verified(envelope.Signed))
        {
            step.Reject(RejectionReason.BadSignature, message.Sender, $"DECIDED is not signed by {message.Sender}'s registered key");
            return;
        }
        if (envelope.Value is null || Sha256Digest.Of(envelope.Value) != message.ValueHash)
        {
            step.Reject(RejectionReason.ValueHashMismatch, message.Sender, "the value carried does not hash to the DECIDED value hash");
            return;
        }
        if (CheckQuorum(envelope.Justification, MessageType.Commit, message.Round, message.ValueHash) is { } noQuorum)
        {
            step.Reject(RejectionReason.UnjustifiedDecided, message.Sender, $"commits: {noQuorum}");
            return;
        }
        Decide(envelope.Value, message.ValueHash, message.Round, envelope.Justification, step);
    }

    private void AnswerWithDecision(QbftEnvelope envelope, StepBuilder step)
    {
        var message = envelope.Message;
        // Only a holder still running asks (by changing round), once per round it reaches; the signature check
        // keeps anyone else from making this holder send.
        if (message.Type != MessageType.RoundChange || message.Round <= _decidedReplies.GetValueOrDefault(message.Sender) || !Verified(envelope.Signed))
            return;
        _decidedReplies[message.Sender] = message.Round;
        step.Outbound.Add(new QbftOutbound(_decidedEnvelope!, [message.Sender]));
    }

    private void Decide(byte[] value, Sha256Digest hash, uint round, IReadOnlyList<SignedMessage> commits, StepBuilder step)
    {
        Decision = new QbftDecision(Id, value, hash, round, commits);
        Deadline = null;
        var body = new QbftMessage(MessageType.Decided, Id, _self, round, hash, 0);
        _decidedEnvelope = new QbftEnvelope(new SignedMessage(body, _signer.Sign(QbftCodec.SigningDigest(body))), value, commits);
        step.Decisions.Add(Decision);
        // Nothing of this instance is needed any more but the decision.
        _store.Clear();
        _farRoundChanges.Clear();
        _pending.Clear();
        _verified.Clear();
    }

    private void MoveToRound(uint round)
    {
        _round = round;
        Deadline = _clock.Now + _options.RoundTimeout(round);
        var floor = round > _options.PastRounds ? round - _options.PastRounds : 0;
        foreach (var slot in _store.Keys.Where(s => s.Round < floor).ToArray())
            _store.Remove(slot);
        _acted.RemoveWhere(s => s.Round < floor);
        // Far round changes that the new round brings into the window join the store.
        foreach (var (sender, received) in _farRoundChanges.ToArray())
        {
            var m = received.Signed.Message;
            if (m.Round > (ulong)round + _options.FutureRounds)
                continue;
            _farRoundChanges.Remove(sender);
            if (m.Round >= floor)
                Store(received);
        }
    }

    private void SendRoundChange(StepBuilder step)
    {
        var slot = new Bucket(_round, MessageType.RoundChange);
        if (!_acted.Add(slot))
            return;
        if (_preparedRound == 0)
            Broadcast(MessageType.RoundChange, _round, Sha256Digest.Zero, 0, null, [], step);
        else
            Broadcast(MessageType.RoundChange, _round, _preparedHash, _preparedRound, _preparedValue, _preparedCertificate, step);
    }

    private void Broadcast(MessageType type, uint round, Sha256Digest hash, uint preparedRound, byte[]? value,
        IReadOnlyList<SignedMessage> justification, StepBuilder step)
    {
        var body = new QbftMessage(type, Id, _self, round, hash, preparedRound);
        var signed = new SignedMessage(body, _signer.Sign(QbftCodec.SigningDigest(body)));
        _verified.Add((QbftCodec.SigningDigest(body), signed.Signature));
        Store(new Received(signed, value, justification));
        step.Outbound.Add(new QbftOutbound(new QbftEnvelope(signed, value, justification), _others));
    }

    private void Store(Received received)
    {
        var m = received.Signed.Message;
        var slot = new Bucket(m.Round, m.Type);
        if (!_store.TryGetValue(slot, out var bucket))
            _store[slot] = bucket = [];
        bucket.TryAdd(m.Sender, received);
    }

    private byte[]? FindValue(Sha256Digest hash)
    {
        if (_input is not null && _inputHash == hash)
            return _input;
        if (_preparedValue is not null && _preparedHash == hash)
            return _preparedValue;
        foreach (var (slot, bucket) in _store)
        {
            if (slot.Type is not (MessageType.PrePrepare or MessageType.RoundChange))
                continue;
            foreach (var received in bucket.Values)
            {
                if (received.Value is not null && received.Signed.Message.ValueHash == hash)
                    return received.Value;
            }
        }
        return null;
    }

    private bool Verified(SignedMessage signed)
    {
        var digest = QbftCodec.SigningDigest(signed.Message);
        if (_verified.Contains((digest, signed.Signature)))
            return true;
        if (!_verifier.IsSignedBy(signed.Message.Sender, digest, signed.Signature))
            return false;
        // Bounded: a justification re-carries messages already checked, which is what the cache saves.
        if (_verified.Count >= 16 * HolderSet.MaxHolders)
            _verified.Clear();
        _verified.Add((digest, signed.Signature));
        return true;
    }
}
