using Dvt.Consensus.Primitives;
using Dvt.Qbft.Messages;

namespace Dvt.Qbft.Engine;

/// <summary>What one input to the engine produced: messages to send, decisions, and the messages it refused with why.</summary>
public sealed record QbftStep(
    IReadOnlyList<QbftOutbound> Outbound,
    IReadOnlyList<QbftDecision> Decisions,
    IReadOnlyList<MessageRejection> Rejections)
{
    public static readonly QbftStep Empty = new([], [], []);
}

/// <summary>A message to send to <see cref="Recipients"/> (the other holders, or one holder for a DECIDED reply).</summary>
public sealed record QbftOutbound(QbftEnvelope Envelope, IReadOnlyList<OperatorId> Recipients);

/// <summary>An instance's decided value with the quorum of COMMITs that proves it.</summary>
public sealed record QbftDecision(InstanceId Instance, byte[] Value, Sha256Digest ValueHash, uint Round, IReadOnlyList<SignedMessage> CommitQuorum);

/// <summary>A message the engine did not act on, with its sender where known.</summary>
public sealed record MessageRejection(RejectionReason Reason, OperatorId? Sender, string Detail);

public enum RejectionReason
{
    Malformed,
    UnknownHolderSet,
    NotAHolder,
    BadSignature,
    InstanceOutOfWindow,
    RoundOutOfWindow,
    Duplicate,
    Equivocation,
    NotLeader,
    UnjustifiedPrePrepare,
    UnjustifiedRoundChange,
    UnjustifiedDecided,
    InvalidValue,
    ValueHashMismatch,
    WrongInstance,
    BufferFull,
}

internal sealed class StepBuilder
{
    public List<QbftOutbound> Outbound { get; } = [];
    public List<QbftDecision> Decisions { get; } = [];
    public List<MessageRejection> Rejections { get; } = [];

    public void Reject(RejectionReason reason, OperatorId? sender, string detail) => Rejections.Add(new(reason, sender, detail));

    public QbftStep Build() => Outbound.Count + Decisions.Count + Rejections.Count == 0
        ? QbftStep.Empty
        : new QbftStep(Outbound, Decisions, Rejections);
}
