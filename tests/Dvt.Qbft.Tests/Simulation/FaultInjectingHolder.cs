using Dvt.Consensus.Primitives;
using Dvt.Qbft.Encoding;
using Dvt.Qbft.Engine;
using Dvt.Qbft.Messages;
using Dvt.Qbft.Signing;

namespace Dvt.Qbft.Tests.Simulation;

/// <summary>
/// A Byzantine holder: it runs an honest engine to stay in step with the others, then rewrites what that engine
/// sends and adds messages of its own. It signs with its own registered key (it has no other); messages in other
/// holders' names carry forged signatures.
/// </summary>
public sealed class FaultInjectingHolder(Fault fault, IMessageSigner signer, HolderSet holders, Random random)
{
    private readonly List<byte[]> _seen = [];
    private readonly HashSet<InstanceId> _instances = [];
    private uint _highestRound = 1;

    public void Record(byte[] bytes)
    {
        if (_seen.Count < 2000)
            _seen.Add(bytes);
        var message = QbftCodec.Decode(bytes).Message;
        _instances.Add(message.Instance);
        _highestRound = Math.Max(_highestRound, Math.Min(message.Round, 1000));
    }

    /// <summary>What it sends instead of one honest outbound message.</summary>
    public IEnumerable<(OperatorId To, byte[] Bytes)> Rewrite(QbftOutbound outbound, HashSet<string> proposed)
    {
        var envelope = outbound.Envelope;
        var message = envelope.Message;
        _instances.Add(message.Instance);
        foreach (var to in outbound.Recipients)
        {
            var rewritten = fault switch
            {
                // A different valid value to each holder: the leader equivocates; votes split too.
                Fault.EquivocatingLeader when message.Type == MessageType.PrePrepare =>
                    Propose(message, ByzantineValue(message.Instance, to), envelope.Justification, proposed),
                Fault.EquivocatingLeader when message.Type is MessageType.Prepare or MessageType.Commit && random.Next(2) == 0 =>
                    Sign(message with { ValueHash = Sha256Digest.Of(ByzantineValue(message.Instance, to)) }, null, []),
                // A round change claiming a value prepared that never was, with prepares in others' names.
                Fault.ForgedJustification when message.Type == MessageType.RoundChange && message.Round > 1 =>
                    ForgedPreparedRoundChange(message),
                Fault.ForgedJustification when message.Type == MessageType.PrePrepare && message.Round > 1 =>
                    Propose(message, ByzantineValue(message.Instance, to), envelope.Justification, proposed),
                _ => envelope,
            };
            yield return (to, QbftCodec.Encode(rewritten));
            // Now and then a second, different proposal for the same round to the same holder.
            if (fault == Fault.EquivocatingLeader && message.Type == MessageType.PrePrepare && random.Next(2) == 0)
                yield return (to, QbftCodec.Encode(Propose(message, ByzantineValue(message.Instance, signer.Operator), envelope.Justification, proposed)));
        }
    }

    /// <summary>Messages it sends unprompted, now and then.</summary>
    public IEnumerable<(OperatorId To, byte[] Bytes)> Act(TimeSpan now)
    {
        if (_instances.Count == 0)
            yield break;
        var instance = _instances.ElementAt(random.Next(_instances.Count));
        var others = holders.Operators.Where(o => o != signer.Operator).ToArray();
        switch (fault)
        {
            case Fault.ForgedJustification:
            {
                // A proposal for a later round it leads, justified by round changes with forged signatures.
                var round = _highestRound + 1;
                while (holders.LeaderOf(instance, round) != signer.Operator)
                    round++;
                var value = ByzantineValue(instance, signer.Operator);
                var forged = holders.Operators.Take(holders.Quorum)
                    .Select(o => new SignedMessage(new QbftMessage(MessageType.RoundChange, instance, o, round, Sha256Digest.Zero, 0), RandomSignature()))
                    .ToList();
                var proposal = Sign(new QbftMessage(MessageType.PrePrepare, instance, signer.Operator, round, Sha256Digest.Of(value), 0), value, forged);
                // And one justified by its own round change counted q times.
                var own = Sign(new QbftMessage(MessageType.RoundChange, instance, signer.Operator, round, Sha256Digest.Zero, 0), null, []).Signed;
                var repeated = Sign(new QbftMessage(MessageType.PrePrepare, instance, signer.Operator, round, Sha256Digest.Of(value), 0), value,
                    Enumerable.Repeat(own, holders.Quorum).ToList());
                foreach (var to in others)
                {
                    yield return (to, QbftCodec.Encode(proposal));
                    yield return (to, QbftCodec.Encode(repeated));
                }
                break;
            }
            case Fault.ReplayAndFutureRounds:
            {
                for (var i = 0; i < 6 && _seen.Count > 0; i++)
                    yield return (others[random.Next(others.Length)], _seen[random.Next(_seen.Count)]);
                var far = _highestRound + (uint)random.Next(1, 100_000);
                var value = ByzantineValue(instance, signer.Operator);
                var roundChange = Sign(new QbftMessage(MessageType.RoundChange, instance, signer.Operator, far, Sha256Digest.Zero, 0), null, []);
                var prepare = Sign(new QbftMessage(MessageType.Prepare, instance, signer.Operator, _highestRound + (uint)random.Next(1, 20), Sha256Digest.Of(value), 0), null, []);
                var commit = Sign(new QbftMessage(MessageType.Commit, instance, signer.Operator, _highestRound + (uint)random.Next(0, 20), Sha256Digest.Of(value), 0), null, []);
                foreach (var to in others)
                {
                    yield return (to, QbftCodec.Encode(roundChange));
                    yield return (to, QbftCodec.Encode(prepare));
                    yield return (to, QbftCodec.Encode(commit));
                }
                break;
            }
        }
    }

    private QbftEnvelope ForgedPreparedRoundChange(QbftMessage message)
    {
        var value = ByzantineValue(message.Instance, signer.Operator);
        var hash = Sha256Digest.Of(value);
        var prepared = message.Round - 1;
        var prepares = holders.Operators.Take(holders.Quorum)
            .Select(o => o == signer.Operator
                ? Sign(new QbftMessage(MessageType.Prepare, message.Instance, o, prepared, hash, 0), null, []).Signed
                : new SignedMessage(new QbftMessage(MessageType.Prepare, message.Instance, o, prepared, hash, 0), RandomSignature()))
            .ToList();
        return Sign(message with { ValueHash = hash, PreparedRound = prepared }, value, prepares);
    }

    private QbftEnvelope Propose(QbftMessage message, byte[] value, IReadOnlyList<SignedMessage> justification, HashSet<string> proposed)
    {
        proposed.Add(Convert.ToHexString(value));
        return Sign(message with { ValueHash = Sha256Digest.Of(value) }, value, justification);
    }

    private QbftEnvelope Sign(QbftMessage message, byte[]? value, IReadOnlyList<SignedMessage> justification) =>
        new(new SignedMessage(message, signer.Sign(QbftCodec.SigningDigest(message))), value, justification);

    private static byte[] ByzantineValue(InstanceId instance, OperatorId to) =>
        PrefixValueValidator.ValueFor(instance, $"byzantine-for-{to.Value}");

    private MessageSignature RandomSignature()
    {
        var bytes = new byte[MessageSignature.Length];
        random.NextBytes(bytes);
        return new MessageSignature(bytes);
    }
}
